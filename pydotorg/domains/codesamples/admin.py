"""Admin views for code samples, with publish and unpublish actions."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import flash
from flask_admin import Admin
from flask_admin.actions import action
from flask_login import current_user
from wtforms.validators import Optional

from pydotorg.core.admin import StaffModelView, model_view
from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.domains.codesamples.services import CodeSampleService
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


class CodeSampleAdmin(StaffModelView):
    column_list = ("title", "slug", "is_published", "creator", "created_at")
    column_searchable_list = ("title", "slug", "description", "code")
    column_filters = ("is_published", "created_at", "updated_at")
    column_default_sort = ("created_at", True)
    form_columns = ("title", "slug", "description", "code", "is_published")
    form_args = {
        # Optional first: an empty slug is made from the title on save.
        "slug": {
            "validators": [Optional()],
            "description": "Leave empty to make it from the title.",
        },
        "description": {"description": "HTML, shown beside the code (sanitised)."},
    }
    form_widget_args = {
        "slug": {"required": False},
        "code": {"rows": 14, "style": "font-family: monospace"},
        "description": {"rows": 5},
    }

    def on_model_change(self, form: Any, model: CodeSample, is_created: bool) -> None:
        if is_created and model.creator_id is None:
            model.creator = current_user._get_current_object()

    def _apply(self, ids: list[str], operation: str, done: str) -> None:
        service = CodeSampleService(db.session)
        samples = db.session.scalars(
            sa.select(CodeSample).where(CodeSample.id.in_(_uuids(ids)))
        ).all()
        try:
            for sample in samples:
                getattr(service, operation)(
                    sample, by=current_user._get_current_object()
                )
        except PermissionDenied as error:
            db.session.rollback()
            flash(str(error), "error")
            return
        db.session.commit()
        flash(f"{len(samples)} code sample(s) {done}.", "success")

    @action("publish", "Publish", "Publish the selected code samples?")
    def action_publish(self, ids: list[str]) -> None:
        self._apply(ids, "publish", "published")

    @action("unpublish", "Unpublish", "Unpublish the selected code samples?")
    def action_unpublish(self, ids: list[str]) -> None:
        self._apply(ids, "unpublish", "unpublished")


def register_admin(admin: Admin) -> None:
    admin.add_view(model_view(CodeSampleAdmin, CodeSample, category="Code Samples"))
