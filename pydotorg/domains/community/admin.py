"""Admin views for community posts and their photos, videos and links."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_admin import Admin
from flask_admin.actions import action
from flask_login import current_user

from pydotorg.core.admin import StaffModelView, apply_action, model_view, selected_rows
from pydotorg.domains.community.models import Link, Photo, Post, Video
from pydotorg.domains.community.services import PostService
from pydotorg.extensions import db

CATEGORY = "Content"
POST_LOOKUP = {"fields": ("title", "slug"), "page_size": 10}
# Attachments are edited inline without the audit timestamps.
INLINE_OPTIONS = {"form_excluded_columns": ("created_at", "updated_at")}


class PostAdmin(StaffModelView):
    column_list = (
        "title", "creator", "media_type", "content_type", "is_published", "created_at",
    )  # fmt: skip
    column_searchable_list = ("title", "abstract", "slug")
    column_filters = ("is_published", "media_type", "content_type", "created_at")
    column_default_sort = ("created_at", True)
    form_excluded_columns = ("meta",)
    inline_models = (
        (Photo, INLINE_OPTIONS),
        (Video, INLINE_OPTIONS),
        (Link, INLINE_OPTIONS),
    )

    def on_model_change(self, form: Any, model: Post, is_created: bool) -> None:
        # The author is whoever writes the post in the admin.
        if is_created and model.creator_id is None and model.creator is None:
            model.creator = current_user._get_current_object()

    def _each(self, ids: list[str], step: Callable[[Post], Any], done: str) -> None:
        apply_action(selected_rows(Post, ids), step, done=f"{{count}} post(s) {done}.")

    @action("publish", "Publish")
    def action_publish(self, ids: list[str]) -> None:
        self._each(ids, PostService(db.session).publish, "published")

    @action("unpublish", "Unpublish")
    def action_unpublish(self, ids: list[str]) -> None:
        self._each(ids, PostService(db.session).unpublish, "unpublished")


class PhotoAdmin(StaffModelView):
    column_list = ("post", "caption", "image", "image_url", "created_at")
    column_searchable_list = ("caption", "image_url")
    column_filters = ("created_at",)
    column_default_sort = ("created_at", True)
    form_ajax_refs = {"post": POST_LOOKUP}


class VideoAdmin(StaffModelView):
    column_list = ("post", "caption", "video_embed", "created_at")
    column_searchable_list = ("caption", "video_embed")
    column_filters = ("created_at",)
    column_default_sort = ("created_at", True)
    form_ajax_refs = {"post": POST_LOOKUP}


class LinkAdmin(StaffModelView):
    column_list = ("post", "url", "created_at")
    column_searchable_list = ("url",)
    column_filters = ("created_at",)
    column_default_sort = ("created_at", True)
    form_ajax_refs = {"post": POST_LOOKUP}


def register_admin(admin: Admin) -> None:
    admin.add_view(
        model_view(PostAdmin, Post, category=CATEGORY, name="Community posts")
    )
    admin.add_view(
        model_view(PhotoAdmin, Photo, category=CATEGORY, name="Community photos")
    )
    admin.add_view(
        model_view(VideoAdmin, Video, category=CATEGORY, name="Community videos")
    )
    admin.add_view(
        model_view(LinkAdmin, Link, category=CATEGORY, name="Community links")
    )
