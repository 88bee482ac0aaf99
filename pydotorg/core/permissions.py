"""Permission checks shared by views and services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

F = TypeVar("F", bound=Callable[..., Any])


def is_staff(user: Any) -> bool:
    """Whether ``user`` is an active, logged-in staff member (admin and API writes)."""
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def is_same_user(user: Any, viewer: Any) -> bool:
    """Whether the logged-in ``viewer`` is ``user`` (owners may act on their own)."""
    return bool(
        viewer is not None
        and getattr(viewer, "is_authenticated", False)
        and viewer.id == user.id
    )


class PermissionDenied(Exception):  # noqa: N818  (Django's name; services raise it)
    """A service refused an action for this user."""


def require_staff(user: Any) -> None:
    """Raise :class:`PermissionDenied` unless ``user`` is active staff."""
    if not is_staff(user):
        raise PermissionDenied("staff only")


def require_may_act_for(user: Any, by: Any, *, own: str, staff: str) -> None:
    """Raise :class:`PermissionDenied` unless ``by`` may act on ``user``'s account:
    the user themself, staff for a non-staff account, a superuser for any (a staff
    member must not lock out a superuser). ``own`` is the refusal for non-staff,
    ``staff`` the one for staff acting on a staff account."""
    if is_same_user(user, by):
        return
    if not is_staff(by):
        raise PermissionDenied(own)
    if (user.is_staff or user.is_superuser) and not by.is_superuser:
        raise PermissionDenied(staff)


def staff_required(view: F) -> F:
    """Views: 404-free staff gate (anonymous and non-staff get 403)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not is_staff(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


__all__ = [
    "PermissionDenied",
    "is_same_user",
    "is_staff",
    "require_staff",
    "staff_required",
]
