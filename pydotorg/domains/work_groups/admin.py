"""Admin views for work groups, with activate and deactivate actions."""

from __future__ import annotations

from flask_admin import Admin

from pydotorg.core.admin import ACTIVATE, StaffModelView, model_view, switch_actions
from pydotorg.domains.work_groups.models import WorkGroup
from pydotorg.domains.work_groups.services import WorkGroupService


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
    credit_creator = True
    save_check = "clean"
    service_actions = switch_actions(
        ACTIVATE, counted="work group(s)", selected="work groups"
    )


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(WorkGroupAdmin, WorkGroup, category="PSF"))
