"""Admin views for banners, with activate and deactivate actions."""

from __future__ import annotations

from flask_admin import Admin

from pydotorg.core.admin import ACTIVATE, StaffModelView, model_view, switch_actions
from pydotorg.domains.banners.models import Banner
from pydotorg.domains.banners.services import BannerService


class BannerAdmin(StaffModelView):
    column_list = (
        "title", "banner_type", "target", "is_active", "is_sitewide", "path_prefix",
        "start_date", "end_date",
    )  # fmt: skip
    column_searchable_list = ("title", "message", "link")
    column_filters = (
        "banner_type", "target", "is_active", "is_sitewide", "start_date", "end_date",
    )  # fmt: skip
    column_default_sort = ("created_at", True)
    form_columns = (
        "title", "message", "link", "banner_type", "target", "is_active",
        "is_sitewide", "path_prefix", "start_date", "end_date",
    )  # fmt: skip
    form_args = {
        "title": {"description": "The text of the banner's button."},
        "message": {"description": "Plain text (no markup)."},
        "link": {"description": "Where the button goes: https://… or /a/path/."},
        "path_prefix": {
            "description": "When not sitewide: the pages under this path (e.g. /psf/)."
        },
        "start_date": {"description": "Empty: shown from now on (when active)."},
        "end_date": {"description": "Empty: no end. Inclusive."},
    }
    form_widget_args = {"message": {"rows": 3}}

    service = BannerService
    save_check = "clean"
    action_order = ("title",)
    service_actions = switch_actions(ACTIVATE, counted="banner(s)", selected="banners")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(BannerAdmin, Banner, category="Content"))
