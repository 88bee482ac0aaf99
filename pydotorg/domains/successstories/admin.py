"""Admin views for success stories and their categories."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_admin import Admin
from markupsafe import Markup

from pydotorg.core.admin import PUBLISH, StaffModelView, add_model_views, switch_actions
from pydotorg.domains.successstories.models import Story, StoryCategory
from pydotorg.domains.successstories.services import StoryService


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

    service = StoryService
    credit_creator = True
    service_actions = switch_actions(PUBLISH, counted="story(ies)", by=False)


class StoryCategoryAdmin(StaffModelView):
    column_list = ("name", "slug", "created_at")
    column_searchable_list = ("name", "slug")
    column_filters = ("created_at",)
    column_default_sort = "name"
    form_excluded_columns = ("stories",)


def register_admin(admin: Admin) -> None:
    add_model_views(
        admin,
        "Content",
        (StoryAdmin, Story, "Success stories"),
        (StoryCategoryAdmin, StoryCategory, "Success story categories"),
    )
