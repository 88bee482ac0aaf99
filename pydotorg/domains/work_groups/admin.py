"""Admin views for work groups, with activate and deactivate actions."""

from __future__ import annotations

from typing import Any

from flask_admin import Admin
from flask_admin.actions import action
from flask_login import current_user
from wtforms.validators import ValidationError

from pydotorg.core.admin import (
    StaffModelView,
    apply_action,
    model_view,
    selected_rows,
)
from pydotorg.domains.work_groups.models import WorkGroup
from pydotorg.domains.work_groups.services import WorkGroupError, WorkGroupService
from pydotorg.extensions import db


class WorkGroupAdmin(StaffModelView):
    column_list = ("name", "slug", "active", "url", "creator", "updated_at")
    column_searchable_list = ("name", "slug", "short_description", "purpose")
    column_filters = ("active", "content_type", "created_at", "updated_at")
    column_default_sort = ("name", False)
    form_columns = (
        "name", "slug", "short_description", "active", "url", "content_type",
        "purpose", "active_time", "core_values", "rules", "communication", "support",
    )  # fmt: skip
    form_args = {
        "content_type": {"description": "How the charter sections are written."},
    }
    form_widget_args = {"purpose": {"rows": 8}}

    def on_model_change(self, form: Any, model: WorkGroup, is_created: bool) -> None:
        if is_created and model.creator_id is None:
            model.creator = current_user._get_current_object()
        try:
            WorkGroupService(db.session).clean(model)
        except WorkGroupError as error:
            raise ValidationError(str(error)) from error

    def _apply(self, ids: list[str], operation: str, done: str) -> None:
        step = getattr(WorkGroupService(db.session), operation)
        apply_action(
            selected_rows(WorkGroup, ids),
            lambda group: step(group, by=current_user._get_current_object()),
            done=f"{{count}} work group(s) {done}.",
        )

    @action("activate", "Activate", "Activate the selected work groups?")
    def action_activate(self, ids: list[str]) -> None:
        self._apply(ids, "activate", "activated")

    @action("deactivate", "Deactivate", "Deactivate the selected work groups?")
    def action_deactivate(self, ids: list[str]) -> None:
        self._apply(ids, "deactivate", "deactivated")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(WorkGroupAdmin, WorkGroup, category="PSF"))
