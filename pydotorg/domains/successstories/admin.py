"""Admin views for success stories and their categories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import url_for
from flask_admin import Admin
from flask_admin.actions import action
from flask_login import current_user
from markupsafe import Markup

from pydotorg.core.admin import StaffModelView, apply_action, model_view, selected_rows
from pydotorg.domains.successstories.models import Story, StoryCategory
from pydotorg.domains.successstories.services import StoryService
from pydotorg.extensions import db

CATEGORY = "Content"


def _view_on_site(view: Any, context: Any, story: Story, name: str) -> Markup:
    url = url_for("successstories.detail", slug=story.slug)
    return Markup('<a href="{}">view</a>').format(url)


class StoryAdmin(StaffModelView):
    def public_url(self, row: Story) -> str:
        return url_for("successstories.detail", slug=row.slug)

    column_list = (
        "name", "company_name", "category", "is_published", "featured",
        "created_at", "view_on_site",
    )  # fmt: skip
    column_searchable_list = ("name", "company_name", "author", "pull_quote")
    column_filters = (
        "is_published", "featured", "content_type", "category.name", "created_at",
    )  # fmt: skip
    column_sortable_list = (
        "name", "company_name", ("category", "category.name"), "is_published",
        "featured", "created_at",
    )  # fmt: skip
    column_default_sort = ("created_at", True)
    column_formatters = {"view_on_site": _view_on_site}

    def on_model_change(self, form: Any, model: Story, is_created: bool) -> None:
        # The author of record is whoever adds the story in the admin.
        if is_created and model.creator_id is None and model.creator is None:
            model.creator = current_user._get_current_object()

    def _each(self, ids: list[str], step: Callable[[Story], Any], done: str) -> None:
        apply_action(
            selected_rows(Story, ids), step, done=f"{{count}} story(ies) {done}."
        )

    @action("publish", "Publish")
    def action_publish(self, ids: list[str]) -> None:
        self._each(ids, StoryService(db.session).publish, "published")

    @action("unpublish", "Unpublish")
    def action_unpublish(self, ids: list[str]) -> None:
        self._each(ids, StoryService(db.session).unpublish, "unpublished")


class StoryCategoryAdmin(StaffModelView):
    column_list = ("name", "slug", "created_at")
    column_searchable_list = ("name", "slug")
    column_filters = ("created_at",)
    column_default_sort = "name"
    form_excluded_columns = ("stories",)


def register_admin(admin: Admin) -> None:
    admin.add_view(
        model_view(StoryAdmin, Story, category=CATEGORY, name="Success stories")
    )
    admin.add_view(
        model_view(
            StoryCategoryAdmin,
            StoryCategory,
            category=CATEGORY,
            name="Success story categories",
        )
    )
