"""Admin views for banners, with activate and deactivate actions."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import flash
from flask_admin import Admin
from flask_admin.actions import action
from flask_login import current_user
from wtforms.validators import ValidationError

from pydotorg.core.admin import StaffModelView, model_view
from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.types import utcnow
from pydotorg.domains.banners.models import Banner
from pydotorg.domains.banners.services import BannerError, BannerService
from pydotorg.extensions import db


def _uuids(ids: list[str]) -> list[uuid.UUID]:
    """The well-formed ids of an action request (anything else is ignored)."""
    parsed = []
    for value in ids:
        try:
            parsed.append(uuid.UUID(value))
        except ValueError:
            continue
    return parsed


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
        service = BannerService(db.session)
        banners = db.session.scalars(
            sa.select(Banner).where(Banner.id.in_(_uuids(ids))).order_by(Banner.title)
        ).all()
        changed = 0
        try:
            for banner in banners:
                try:
                    getattr(service, operation)(
                        banner, by=current_user._get_current_object(), **kwargs
                    )
                except BannerError as error:
                    flash(str(error), "error")
                else:
                    changed += 1
        except PermissionDenied as error:
            db.session.rollback()
            flash(str(error), "error")
            return
        db.session.commit()
        flash(f"{changed} banner(s) {done}.", "success")

    @action("activate", "Activate", "Activate the selected banners?")
    def action_activate(self, ids: list[str]) -> None:
        self._apply(ids, "activate", "activated", today=utcnow().date())

    @action("deactivate", "Deactivate", "Deactivate the selected banners?")
    def action_deactivate(self, ids: list[str]) -> None:
        self._apply(ids, "deactivate", "deactivated")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(BannerAdmin, Banner, category="Banners"))
