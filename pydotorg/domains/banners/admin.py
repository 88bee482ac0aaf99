"""Admin views for banners, with activate and deactivate actions."""

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
from pydotorg.core.types import utcnow
from pydotorg.domains.banners.models import Banner
from pydotorg.domains.banners.services import BannerError, BannerService
from pydotorg.extensions import db


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

    def on_model_change(self, form: Any, model: Banner, is_created: bool) -> None:
        try:
            BannerService(db.session).clean(model)
        except BannerError as error:
            raise ValidationError(str(error)) from error

    def _apply(self, ids: list[str], operation: str, done: str, **kwargs: Any) -> None:
        step = getattr(BannerService(db.session), operation)
        apply_action(
            selected_rows(Banner, ids, Banner.title),
            lambda banner: step(
                banner, by=current_user._get_current_object(), **kwargs
            ),
            done=f"{{count}} banner(s) {done}.",
            skip_on=(BannerError,),
        )

    @action("activate", "Activate", "Activate the selected banners?")
    def action_activate(self, ids: list[str]) -> None:
        self._apply(ids, "activate", "activated", today=utcnow().date())

    @action("deactivate", "Deactivate", "Deactivate the selected banners?")
    def action_deactivate(self, ids: list[str]) -> None:
        self._apply(ids, "deactivate", "deactivated")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(BannerAdmin, Banner, category="Content"))
