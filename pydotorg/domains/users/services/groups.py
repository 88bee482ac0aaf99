"""The public directory of Python user groups, moderated by staff."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.permissions import PermissionDenied, is_staff
from pydotorg.core.rules import RuleError
from pydotorg.core.urls import ABSOLUTE_MESSAGE, is_safe_url
from pydotorg.domains.users.models import (
    UserGroup,
    UserGroupType,
)

USER_GROUP_FIELDS = ("name", "location", "url", "url_type", "start_date")


class UserGroupError(RuleError):
    """A user group rule was broken; the message is safe to show."""


@dataclass
class UserGroupService:
    """The public directory of Python user groups, moderated by staff."""

    session: Session

    def directory(
        self, *, url_type: UserGroupType | None = None, location: str = ""
    ) -> sa.Select[tuple[UserGroup]]:
        statement = (
            sa.select(UserGroup)
            .where(UserGroup.approved.is_(True))
            .order_by(UserGroup.name, UserGroup.id)
        )
        if url_type is not None:
            statement = statement.where(UserGroup.url_type == url_type)
        if location.strip():
            pattern = f"%{_escape_like(location.strip().lower())}%"
            statement = statement.where(
                sa.func.lower(UserGroup.location).like(pattern, escape="\\")
            )
        return statement

    def submit(self, *, by: Any, **fields: Any) -> UserGroup:
        """A group suggested by a logged-in user; hidden until staff approve it."""
        if by is None or not getattr(by, "is_authenticated", False):
            raise PermissionDenied("Log in to submit a user group.")
        unknown = set(fields) - set(USER_GROUP_FIELDS)
        if unknown:
            raise UserGroupError(f"Unknown user group fields: {sorted(unknown)}")
        url = (fields.get("url") or "").strip()
        if not is_safe_url(url):
            raise UserGroupError(ABSOLUTE_MESSAGE)
        group = UserGroup(approved=False, trusted=False, submitted_by=by, **fields)
        self.session.add(group)
        self.session.flush()
        return group

    def approve(self, groups: Iterable[UserGroup], *, by: Any) -> int:
        return self._set(groups, by, "approve user groups", approved=True)

    def mark_trusted(self, groups: Iterable[UserGroup], *, by: Any) -> int:
        """Trusted groups are approved too: trust without approval means nothing."""
        return self._set(
            groups, by, "mark user groups as trusted", trusted=True, approved=True
        )

    def _set(
        self, groups: Iterable[UserGroup], by: Any, action: str, **flags: bool
    ) -> int:
        """Staff (only) ``action``: set ``flags`` on each group; returns how many."""
        if not is_staff(by):
            raise PermissionDenied(f"Only staff can {action}.")
        count = 0
        for group in groups:
            for name, value in flags.items():
                setattr(group, name, value)
            count += 1
        self.session.flush()
        return count


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
