"""Admin views for work groups, with activate and deactivate actions."""

from __future__ import annotations

from typing import Any

from flask_admin import Admin
from flask_login import current_user
from wtforms.validators import ValidationError

from pydotorg.core.admin import ACTIVATE, StaffModelView, model_view, switch_actions
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

    service = WorkGroupService
    service_actions = switch_actions(
        ACTIVATE, counted="work group(s)", selected="work groups"
    )

    def on_model_change(self, form: Any, model: WorkGroup, is_created: bool) -> None:
        if is_created and model.creator_id is None:
            model.creator = current_user._get_current_object()
        try:
            WorkGroupService(db.session).clean(model)
        except WorkGroupError as error:
            raise ValidationError(str(error)) from error


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(WorkGroupAdmin, WorkGroup, category="PSF"))
