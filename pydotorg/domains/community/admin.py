"""Admin views for community posts and their photos, videos and links."""

from __future__ import annotations

from typing import Any

from flask_admin import Admin
from flask_login import current_user

from pydotorg.core.admin import PUBLISH, StaffModelView, model_view, switch_actions
from pydotorg.domains.community.models import Link, Photo, Post, Video
from pydotorg.domains.community.services import PostService

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

    service = PostService
    service_actions = switch_actions(PUBLISH, counted="post(s)", by=False)

    def on_model_change(self, form: Any, model: Post, is_created: bool) -> None:
        # The author is whoever writes the post in the admin.
        if is_created and model.creator_id is None and model.creator is None:
            model.creator = current_user._get_current_object()


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
