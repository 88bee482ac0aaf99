"""Admin views for community posts and their photos, videos and links."""

from __future__ import annotations

from flask_admin import Admin

from pydotorg.core.admin import PUBLISH, StaffModelView, add_model_views, switch_actions
from pydotorg.domains.community.models import Link, Photo, Post, Video
from pydotorg.domains.community.services import PostService

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
    credit_creator = True
    service_actions = switch_actions(PUBLISH, counted="post(s)", by=False)


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
    add_model_views(
        admin,
        "Content",
        (PostAdmin, Post, "Community posts"),
        (PhotoAdmin, Photo, "Community photos"),
        (VideoAdmin, Video, "Community videos"),
        (LinkAdmin, Link, "Community links"),
    )
