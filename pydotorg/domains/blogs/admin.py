"""Admin views for feeds, blog entries, feed aggregates and related blogs."""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_admin import Admin
from flask_admin.actions import action
from flask_admin.contrib.sqla.filters import BaseSQLAFilter

from pydotorg.core.admin import (
    ContentManageableView,
    StaffModelView,
    apply_action,
    model_view,
    selected_rows,
)
from pydotorg.domains.blogs.models import BlogEntry, Feed, FeedAggregate, RelatedBlog
from pydotorg.domains.blogs.services import (
    FeedFetchError,
    FeedService,
    RelatedBlogService,
)
from pydotorg.extensions import db


class FetchFailedFilter(BaseSQLAFilter):
    """Feeds whose last fetch failed (``last_error`` is not empty), or the others."""

    def apply(self, query: Any, value: Any, alias: Any = None) -> Any:
        failed = Feed.last_error != ""
        return query.filter(failed if value == "1" else ~failed)

    def operation(self) -> str:
        return "is"


class FeedAdmin(StaffModelView):
    column_list = (
        "name", "feed_url", "is_active", "priority", "last_fetched", "last_error",
    )  # fmt: skip
    column_searchable_list = ("name", "feed_url", "website_url")
    column_filters = (
        "is_active", "priority", "last_fetched", "created_at",
        FetchFailedFilter(
            Feed.last_error, "Fetch failed", options=(("1", "Yes"), ("0", "No"))
        ),
    )  # fmt: skip
    column_default_sort = [("priority", True), ("name", False)]
    form_columns = ("name", "website_url", "feed_url", "is_active", "priority")

    @action("fetch", "Fetch now", "Fetch the selected feeds now?")
    def action_fetch(self, ids: list[str]) -> None:
        service = FeedService(db.session)

        def fetch(feed: Feed) -> bool:
            try:
                result = service.fetch(feed)
            except FeedFetchError as error:
                # Recorded on the feed (last_error), which is kept.
                flash(f"{feed.name}: {error}", "error")
                return False
            flash(
                f"{feed.name}: {result.created} new, {result.updated} updated.",
                "success",
            )
            return True

        apply_action(selected_rows(Feed, ids), fetch, done="{count} feed(s) fetched.")


class BlogEntryAdmin(StaffModelView):
    column_list = ("title", "feed", "pub_date", "is_featured", "url")
    column_searchable_list = ("title", "guid", "url")
    column_filters = ("is_featured", "pub_date", "feed.name")
    column_sortable_list = ("title", ("feed", "feed.name"), "pub_date", "is_featured")
    column_default_sort = ("pub_date", True)
    form_columns = (
        "feed", "title", "url", "guid", "pub_date", "is_featured", "summary", "content",
    )  # fmt: skip

    def _set_featured(self, ids: list[str], value: bool) -> None:
        apply_action(
            selected_rows(BlogEntry, ids),
            lambda entry: setattr(entry, "is_featured", value),
            done="{count} entry(ies) updated.",
        )

    @action("feature", "Feature", None)
    def action_feature(self, ids: list[str]) -> None:
        self._set_featured(ids, True)

    @action("unfeature", "Stop featuring", None)
    def action_unfeature(self, ids: list[str]) -> None:
        self._set_featured(ids, False)


class FeedAggregateAdmin(StaffModelView):
    column_list = ("name", "slug", "feeds", "created_at")
    column_searchable_list = ("name", "slug", "description")
    column_filters = ("created_at",)
    column_default_sort = ("name", False)
    form_columns = ("name", "slug", "description", "feeds")


class RelatedBlogAdmin(ContentManageableView):
    column_list = (
        "name", "blog_name", "blog_url", "last_entry_title", "last_entry_published",
    )  # fmt: skip
    column_searchable_list = ("name", "blog_name", "blog_url", "feed_url")
    column_filters = ("last_entry_published", "created")
    form_columns = ("name", "blog_name", "blog_url", "feed_url")

    @action("refresh", "Refresh from feed", None)
    def action_refresh(self, ids: list[str]) -> Any:
        apply_action(
            selected_rows(RelatedBlog, ids),
            RelatedBlogService(db.session).refresh,
            done="{count} related blog(s) refreshed.",
            skip_on=(FeedFetchError,),
        )


def register_admin(admin: Admin) -> None:
    category = "Content"
    admin.add_view(model_view(FeedAdmin, Feed, category=category))
    admin.add_view(model_view(BlogEntryAdmin, BlogEntry, category=category))
    admin.add_view(model_view(FeedAggregateAdmin, FeedAggregate, category=category))
    admin.add_view(model_view(RelatedBlogAdmin, RelatedBlog, category=category))
