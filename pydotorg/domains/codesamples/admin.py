"""Admin views for code samples, with publish and unpublish actions."""

from __future__ import annotations

from typing import Any

from flask_admin import Admin
from flask_admin.actions import action
from flask_login import current_user

from pydotorg.core.admin import (
    StaffModelView,
    apply_action,
    model_view,
    selected_rows,
)
from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.domains.codesamples.services import CodeSampleService
from pydotorg.extensions import db


class CodeSampleAdmin(StaffModelView):
    column_list = ("title", "slug", "is_published", "creator", "created_at")
    column_searchable_list = ("title", "slug", "description", "code")
    column_filters = ("is_published", "created_at", "updated_at")
    column_default_sort = ("created_at", True)
    form_columns = ("title", "slug", "description", "code", "is_published")
    form_args = {
        "description": {"description": "HTML, shown beside the code (sanitised)."},
    }
    form_widget_args = {
        "code": {"rows": 14, "style": "font-family: monospace"},
        "description": {"rows": 5},
    }

    def on_model_change(self, form: Any, model: CodeSample, is_created: bool) -> None:
        if is_created and model.creator_id is None:
            model.creator = current_user._get_current_object()

    def _apply(self, ids: list[str], operation: str, done: str) -> None:
        step = getattr(CodeSampleService(db.session), operation)
        apply_action(
            selected_rows(CodeSample, ids),
            lambda sample: step(sample, by=current_user._get_current_object()),
            done=f"{{count}} code sample(s) {done}.",
        )

    @action("publish", "Publish", "Publish the selected code samples?")
    def action_publish(self, ids: list[str]) -> None:
        self._apply(ids, "publish", "published")

    @action("unpublish", "Unpublish", "Unpublish the selected code samples?")
    def action_unpublish(self, ids: list[str]) -> None:
        self._apply(ids, "unpublish", "unpublished")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(CodeSampleAdmin, CodeSample, category="Content"))
