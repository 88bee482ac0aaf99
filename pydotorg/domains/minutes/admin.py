"""Admin views for board minutes, with publish and unpublish actions."""

from __future__ import annotations

from flask_admin import Admin

from pydotorg.core.admin import PUBLISH, StaffModelView, model_view, switch_actions
from pydotorg.domains.minutes.models import Minutes
from pydotorg.domains.minutes.services import MinutesService


class MinutesAdmin(StaffModelView):
    column_list = (
        "date",
        "slug",
        "is_published",
        "content_type",
        "creator",
        "updated_at",
    )
    column_searchable_list = ("slug", "content")
    column_filters = ("is_published", "date", "content_type", "created_at")
    column_default_sort = ("date", True)
    # The slug always follows the date (python.org's YYYY-MM-DD addresses).
    form_columns = ("date", "content_type", "content", "is_published")
    form_widget_args = {"content": {"rows": 20}}

    service = MinutesService
    credit_creator = True
    save_check = "check"
    action_order = ("date",)
    service_actions = switch_actions(PUBLISH, counted="minutes", selected="minutes")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(MinutesAdmin, Minutes, category="PSF"))
