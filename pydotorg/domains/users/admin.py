"""Admin views for users, memberships, user groups and API keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, flash
from flask_admin import Admin
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_admin.model.filters import BaseBooleanFilter
from flask_login import current_user
from wtforms import PasswordField
from wtforms.validators import InputRequired, ValidationError

from pydotorg.core.admin import (
    ServiceAction,
    StaffModelView,
    apply_action,
    model_view,
    selected_rows,
)
from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.urls import ABSOLUTE_MESSAGE, is_safe_url
from pydotorg.domains.users.models import (
    ApiKey,
    LoginFailure,
    Membership,
    User,
    UserGroup,
)
from pydotorg.domains.users.services.accounts import (
    RESERVED_USERNAMES,
    USERNAME_PATTERN,
    UserService,
    is_valid_email,
    normalize_email,
)
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.domains.users.services.groups import UserGroupService
from pydotorg.domains.users.services.membership import MembershipService
from pydotorg.extensions import db

PRIVILEGE_FIELDS = ("is_staff", "is_superuser")
USER_AJAX = {"fields": ("username", "email"), "page_size": 10}


def _acting_user() -> Any:
    return current_user._get_current_object()


class HasMembershipFilter(BaseSQLAFilter, BaseBooleanFilter):
    """Users with (or without) a PSF membership."""

    def __init__(self) -> None:
        super().__init__(User.id, "Member")

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        has_membership = User.membership.has()
        return query.filter(has_membership if value == "1" else ~has_membership)

    def operation(self) -> str:
        return "is"


def usable_username(form: Any, field: Any) -> None:
    """The sign-up rules staff must follow too: a reserved name would shadow a URL."""
    username = field.data or ""
    if not USERNAME_PATTERN.fullmatch(username):
        raise ValidationError("Use only ASCII letters, digits and . + - _")
    if username.lower() in RESERVED_USERNAMES:
        raise ValidationError("This username is reserved. Please choose another.")


def usable_email(form: Any, field: Any) -> None:
    """The sign-up rules for addresses, and unique whatever the case."""
    field.data = normalize_email(field.data or "")
    if not is_valid_email(field.data):
        raise ValidationError("Enter a valid email address.")
    owner = UserService(db.session).find_by_email(field.data)
    if owner is not None and owner is not getattr(form, "_obj", None):
        raise ValidationError("Another account already uses this email address.")


def check_may_edit(user: User) -> None:
    """Plain staff manage plain accounts and their own; staff accounts are the
    superusers' (a new address there would let a reset link take the account)."""
    if current_user.is_superuser or user.id == current_user.id:
        return
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            f"Only a superuser can change the staff account {user.username}."
        )


class UserAdmin(StaffModelView):
    column_list = (
        "username", "email", "first_name", "last_name", "is_active", "is_staff",
        "is_superuser", "email_verified", "created_at",
    )  # fmt: skip
    column_details_exclude_list = ("password_hash",)
    column_searchable_list = ("username", "email", "first_name", "last_name", "bio")
    column_filters = (
        "is_staff",
        "is_superuser",
        "is_active",
        "email_verified",
        HasMembershipFilter(),
        "created_at",
    )
    column_default_sort = ("created_at", True)
    form_excluded_columns = (
        "password_hash", "membership", "sponsorships", "api_keys", "last_login",
    )  # fmt: skip
    form_extra_fields = {"new_password": PasswordField("New password")}
    form_args = {
        "username": {"validators": [usable_username]},
        "email": {"validators": [usable_email]},
    }

    def _restrict(self, form: Any, user: User | None) -> Any:
        """Only superusers touch privileges, and others' passwords."""
        if not current_user.is_superuser:
            for name in PRIVILEGE_FIELDS:
                if hasattr(form, name):
                    delattr(form, name)
            if user is not None and user.id != current_user.id:
                delattr(form, "new_password")
        return form

    def create_form(self, obj: Any = None) -> Any:
        return self._restrict(super().create_form(obj), None)

    def edit_form(self, obj: Any = None) -> Any:
        return self._restrict(super().edit_form(obj), obj)

    def on_model_change(self, form: Any, model: User, is_created: bool) -> None:
        # The privilege fields are not on a plain staff member's form, so
        # ``is_staff``/``is_superuser`` still hold the stored values here.
        check_may_edit(model)
        new_password = getattr(form, "new_password", None)
        if new_password is not None and new_password.data:
            UserService(db.session).set_password(model, new_password.data)

    def on_model_delete(self, model: User) -> None:
        check_may_edit(model)

    def _each_user(
        self, ids: list[str], change: Callable[[User], bool], verb: str
    ) -> None:
        """Apply ``change`` to each selected user; refusals are flashed, not raised."""
        apply_action(
            selected_rows(User, ids),
            change,
            done=f"{{count}} user(s) {verb}.",
            skip_on=(PermissionDenied,),
        )

    @action("activate", "Activate", "Activate the selected users?")
    def action_activate(self, ids: list[str]) -> None:
        service = UserService(db.session)

        def change(user: User) -> bool:
            service.activate(user, by=_acting_user())
            return True

        self._each_user(ids, change, "activated")

    @action("deactivate", "Deactivate", "Deactivate the selected users?")
    def action_deactivate(self, ids: list[str]) -> None:
        service = UserService(db.session)

        def change(user: User) -> bool:
            if user.id == current_user.id:
                raise PermissionDenied("You cannot deactivate your own account here.")
            service.deactivate(user, by=_acting_user())
            return True

        self._each_user(ids, change, "deactivated")

    @action(
        "resend_verification",
        "Resend verification email",
        "Send a new verification link to the selected unverified users?",
    )
    def action_resend_verification(self, ids: list[str]) -> None:
        service = UserService(db.session)

        def change(user: User) -> bool:
            if user.email_verified or not user.is_active:
                return False
            service.send_verification(user)
            return True

        self._each_user(ids, change, "sent a new verification link")


class MembershipAdmin(StaffModelView):
    column_list = (
        "user", "membership_type", "legal_name", "preferred_name", "country", "votes",
        "last_vote_affirmation", "created_at",
    )  # fmt: skip
    column_searchable_list = ("legal_name", "preferred_name", "email_address")
    column_filters = (
        "membership_type",
        "votes",
        "psf_announcements",
        "last_vote_affirmation",
        "created_at",
    )
    column_default_sort = ("created_at", True)
    form_ajax_refs = {"user": USER_AJAX}

    @action("export_csv", "Export as CSV")
    def action_export_csv(self, ids: list[str]) -> Response:
        data = MembershipService(db.session).export_csv(ids)
        return Response(
            data,
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=psf-members.csv"},
        )


class UserGroupAdmin(StaffModelView):
    column_list = ("name", "location", "url_type", "approved", "trusted", "start_date")
    column_searchable_list = ("name", "location")
    column_filters = ("url_type", "approved", "trusted", "start_date", "created_at")
    column_default_sort = ("created_at", True)
    form_ajax_refs = {"submitted_by": USER_AJAX}

    def on_model_change(self, form: Any, model: UserGroup, is_created: bool) -> None:
        # The directory links to it: no javascript: or data: URLs, from staff either.
        if not is_safe_url((model.url or "").strip()):
            raise ValidationError(ABSOLUTE_MESSAGE)

    def _bulk(self, ids: list[str], method: str, verb: str) -> None:
        step = getattr(UserGroupService(db.session), method)
        apply_action(
            selected_rows(UserGroup, ids),
            lambda group: step([group], by=_acting_user()),
            done=f"{{count}} user group(s) {verb}.",
        )

    @action("approve", "Approve", "Approve the selected user groups?")
    def action_approve(self, ids: list[str]) -> None:
        self._bulk(ids, "approve", "approved")

    @action("mark_trusted", "Mark trusted", "Mark the selected user groups as trusted?")
    def action_mark_trusted(self, ids: list[str]) -> None:
        self._bulk(ids, "mark_trusted", "marked trusted")


class ApiKeyAdmin(StaffModelView):
    """Keys are created here (the key is flashed once) and revoked, never edited."""

    can_edit = False
    can_delete = False
    column_list = (
        "user",
        "name",
        "key_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    column_details_exclude_list = ("key_hash",)
    column_searchable_list = ("name", "key_prefix")
    column_filters = ("created_at", "last_used_at", "revoked_at")
    column_default_sort = ("created_at", True)
    form_columns = ("user", "name")
    form_ajax_refs = {"user": USER_AJAX}
    form_args = {"user": {"validators": [InputRequired()]}}

    service = APIKeyService
    action_errors = (PermissionDenied,)  # a key this staff member may not revoke
    service_actions = (
        ServiceAction(
            "revoke",
            "Revoke",
            "{count} key(s) revoked.",
            "Revoke the selected keys? Clients using them will stop working.",
        ),
    )

    def create_model(self, form: Any) -> Any:
        user = form.user.data
        try:
            key, raw_key = APIKeyService(db.session).create(
                user, form.name.data or "", by=_acting_user()
            )
        except PermissionDenied as error:
            db.session.rollback()
            flash(str(error), "error")
            return False
        db.session.commit()
        flash(
            f"New API key for {user.username}: {raw_key} "
            "(copy it now: it will not be shown again).",
            "success",
        )
        return key


class LoginFailureAdmin(StaffModelView):
    """Failed-login counters; deleting a row lifts its lock early."""

    can_create = False
    can_edit = False
    column_list = ("key", "failures", "window_ends_at", "locked_until")
    column_searchable_list = ("key",)
    column_filters = ("locked_until", "window_ends_at")
    column_default_sort = ("window_ends_at", True)


def register_admin(admin: Admin) -> None:
    category = "Accounts"
    admin.add_view(model_view(UserAdmin, User, category=category))
    admin.add_view(model_view(MembershipAdmin, Membership, category="PSF"))
    admin.add_view(model_view(UserGroupAdmin, UserGroup, category="Community"))
    admin.add_view(model_view(ApiKeyAdmin, ApiKey, category=category))
    admin.add_view(model_view(LoginFailureAdmin, LoginFailure, category=category))
