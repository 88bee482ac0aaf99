"""Admin views for board minutes, with publish and unpublish actions."""

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
from pydotorg.domains.minutes.models import Minutes
from pydotorg.domains.minutes.services import MinutesError, MinutesService
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

    def on_model_change(self, form: Any, model: Minutes, is_created: bool) -> None:
        if is_created and model.creator_id is None:
            model.creator = current_user._get_current_object()
        try:
            MinutesService(db.session).check(model)
        except MinutesError as error:
            raise ValidationError(str(error)) from error

    def _apply(self, ids: list[str], operation: str, done: str) -> None:
        service = MinutesService(db.session)
        rows = db.session.scalars(
            sa.select(Minutes).where(Minutes.id.in_(_uuids(ids))).order_by(Minutes.date)
        ).all()
        changed = 0
        try:
            for minutes in rows:
                try:
                    getattr(service, operation)(
                        minutes, by=current_user._get_current_object()
                    )
                except MinutesError as error:
                    flash(str(error), "error")
                else:
                    changed += 1
        except PermissionDenied as error:
            db.session.rollback()
            flash(str(error), "error")
            return
        db.session.commit()
        flash(f"{changed} minutes {done}.", "success")

    @action("publish", "Publish", "Publish the selected minutes?")
    def action_publish(self, ids: list[str]) -> None:
        self._apply(ids, "publish", "published")

    @action("unpublish", "Unpublish", "Unpublish the selected minutes?")
    def action_unpublish(self, ids: list[str]) -> None:
        self._apply(ids, "unpublish", "unpublished")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(MinutesAdmin, Minutes, category="Minutes"))
