"""Admin views for users, memberships, user groups and API keys."""

from __future__ import annotations

from typing import Any

from flask_admin import Admin
from flask_login import current_user
from wtforms import PasswordField

from pydotorg.core.admin import StaffModelView, model_view
from pydotorg.domains.users.models import ApiKey, Membership, User, UserGroup
from pydotorg.domains.users.services import UserService
from pydotorg.extensions import db

PRIVILEGE_FIELDS = ("is_staff", "is_superuser")


class UserAdmin(StaffModelView):
    column_list = (
        "username", "email", "first_name", "last_name", "is_active", "is_staff",
        "is_superuser", "email_verified", "created_at",
    )  # fmt: skip
    column_details_exclude_list = ("password_hash",)
    column_searchable_list = ("username", "email", "first_name", "last_name")
    column_filters = (
        "is_staff",
        "is_superuser",
        "is_active",
        "email_verified",
        "created_at",
    )
    column_default_sort = ("created_at", True)
    form_excluded_columns = (
        "password_hash", "membership", "sponsorships", "api_keys", "last_login",
    )  # fmt: skip
    form_extra_fields = {"new_password": PasswordField("New password")}

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
        new_password = getattr(form, "new_password", None)
        if new_password is not None and new_password.data:
            UserService(db.session).set_password(model, new_password.data)


class MembershipAdmin(StaffModelView):
    column_list = (
        "user", "membership_type", "legal_name", "preferred_name", "country", "votes",
        "last_vote_affirmation", "created_at",
    )  # fmt: skip
    column_searchable_list = ("legal_name", "preferred_name", "email_address")
    column_filters = ("membership_type", "votes", "psf_announcements", "created_at")
    form_ajax_refs = {"user": {"fields": ("username", "email"), "page_size": 10}}


class UserGroupAdmin(StaffModelView):
    column_list = ("name", "location", "url_type", "approved", "trusted", "start_date")
    column_searchable_list = ("name", "location")
    column_filters = ("url_type", "approved", "trusted", "start_date")
    form_ajax_refs = {
        "submitted_by": {"fields": ("username", "email"), "page_size": 10}
    }


class ApiKeyAdmin(StaffModelView):
    can_create = False
    can_edit = False
    column_list = (
        "user",
        "name",
        "key_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    column_searchable_list = ("name", "key_prefix")
    column_filters = ("created_at", "last_used_at", "revoked_at")


def register_admin(admin: Admin) -> None:
    category = "Users"
    admin.add_view(model_view(UserAdmin, User, category=category))
    admin.add_view(model_view(MembershipAdmin, Membership, category=category))
    admin.add_view(model_view(UserGroupAdmin, UserGroup, category=category))
    admin.add_view(model_view(ApiKeyAdmin, ApiKey, category=category))
