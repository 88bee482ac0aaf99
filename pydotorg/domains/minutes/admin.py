"""Admin views for board minutes, with publish and unpublish actions."""

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
from pydotorg.domains.minutes.models import Minutes
from pydotorg.domains.minutes.services import MinutesError, MinutesService
from pydotorg.extensions import db


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
        step = getattr(MinutesService(db.session), operation)
        apply_action(
            selected_rows(Minutes, ids, Minutes.date),
            lambda minutes: step(minutes, by=current_user._get_current_object()),
            done=f"{{count}} minutes {done}.",
            skip_on=(MinutesError,),
        )

    @action("publish", "Publish", "Publish the selected minutes?")
    def action_publish(self, ids: list[str]) -> None:
        self._apply(ids, "publish", "published")

    @action("unpublish", "Unpublish", "Unpublish the selected minutes?")
    def action_unpublish(self, ids: list[str]) -> None:
        self._apply(ids, "unpublish", "unpublished")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(MinutesAdmin, Minutes, category="PSF"))
