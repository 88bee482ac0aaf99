"""Fetching feeds into blog entries, and the queries the blog pages use.

Feeds are downloaded through ``pydotorg.core.fetch`` (timeout ``FEED_FETCH_TIMEOUT``;
no loopback or private addresses unless ``FETCH_ALLOW_PRIVATE_ADDRESSES``) and parsed
with feedparser from the downloaded bytes, so feedparser itself never opens a URL
or a file. Entries are upserted by ``guid`` within their feed; an entry link that is
not http(s) (``javascript:...``) is dropped, never stored.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from time import struct_time
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import Session, joinedload

from pydotorg.core.fetch import FetchError, fetch
from pydotorg.core.types import utcnow
from pydotorg.core.urls import safe_url_or_empty
from pydotorg.domains.blogs.models import (
    BlogEntry,
    Feed,
    FeedAggregate,
    RelatedBlog,
    feed_aggregate_feeds,
)

log = logging.getLogger(__name__)
# requests and feedparser load when a feed is fetched, not in every web worker.

USER_AGENT = "pydotorg-feed-fetcher/1.0 (+https://www.python.org/)"
DEFAULT_TIMEOUT = 10
# python.org moved Python Insider; old entries still carry the blogspot host.
LEGACY_HOSTS = {
    "http://pythoninsider.blogspot.com/": "https://blog.python.org/",
    "https://pythoninsider.blogspot.com/": "https://blog.python.org/",
}


class FeedFetchError(ValueError):
    """A feed could not be downloaded or parsed; the message says why."""


@dataclass
class FetchResult:
    feed: Feed
    created: int = 0
    updated: int = 0
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class FeedService:
    session: Session
    timeout: float | None = field(default=None)

    # -- fetching ----------------------------------------------------------------

    def download(self, url: str) -> bytes:
        """The body at ``url``, or :class:`FeedFetchError` (never a raw network error)."""
        try:
            return fetch(
                url, timeout=self._timeout(), headers={"User-Agent": USER_AGENT}
            )
        except FetchError as error:
            raise FeedFetchError(str(error)) from error

    def fetch(self, feed: Feed) -> FetchResult:
        """Download ``feed`` and upsert its entries; failures are recorded, then raised."""
        try:
            parsed = parse_feed(self.download(feed.feed_url))
        except FeedFetchError as error:
            feed.last_error = str(error)
            self.session.flush()
            raise
        return self.import_parsed(feed, parsed)

    def fetch_all(self) -> list[FetchResult]:
        """Fetch every active feed (highest priority first); one failure stops none."""
        results = []
        feeds = self.session.scalars(
            sa.select(Feed)
            .where(Feed.is_active.is_(True))
            .order_by(Feed.priority.desc(), Feed.name)
        )
        for feed in feeds:
            try:
                results.append(self.fetch(feed))
            except FeedFetchError as error:
                log.warning("feed %s: %s", feed.feed_url, error)
                results.append(FetchResult(feed=feed, error=str(error)))
        return results

    def import_parsed(self, feed: Feed, parsed: Any) -> FetchResult:
        """Upsert the entries of an already parsed feed (by guid within ``feed``)."""
        result = FetchResult(feed=feed)
        existing = (
            {
                entry.guid: entry
                for entry in self.session.scalars(
                    sa.select(BlogEntry).where(BlogEntry.feed_id == feed.id)
                )
            }
            if feed.id is not None
            else {}
        )
        for item in parsed.entries:
            values = entry_values(item, feed)
            if values is None:
                continue
            entry = existing.get(values["guid"])
            if entry is None:
                entry = BlogEntry(feed=feed, **values)
                self.session.add(entry)
                existing[entry.guid] = entry
                result.created += 1
            else:
                changed = False
                for name, value in values.items():
                    if getattr(entry, name) != value:
                        setattr(entry, name, value)
                        changed = True
                result.updated += changed
        feed.last_fetched = utcnow()
        feed.last_error = ""
        self.session.flush()
        return result

    def _timeout(self) -> float:
        if self.timeout is not None:
            return self.timeout
        if has_app_context():
            return float(current_app.config.get("FEED_FETCH_TIMEOUT", DEFAULT_TIMEOUT))
        return DEFAULT_TIMEOUT


@dataclass
class BlogEntryService:
    session: Session

    def latest_statement(self) -> sa.Select[Any]:
        """Entries of active feeds, newest first, with their feed loaded."""
        return (
            sa.select(BlogEntry)
            .join(BlogEntry.feed)
            .where(Feed.is_active.is_(True))
            .options(joinedload(BlogEntry.feed))
            .order_by(BlogEntry.pub_date.desc())
        )

    def latest(self, limit: int = 6) -> list[BlogEntry]:
        return list(self.session.scalars(self.latest_statement().limit(limit)))

    def latest_in_aggregate(self, slug: str, limit: int = 5) -> list[BlogEntry]:
        """python.org's ``feed_list``: the newest entries of the aggregate's feeds."""
        statement = self.latest_statement().where(
            BlogEntry.feed_id.in_(
                sa.select(feed_aggregate_feeds.c.feed_id)
                .join(
                    FeedAggregate,
                    FeedAggregate.id == feed_aggregate_feeds.c.feed_aggregate_id,
                )
                .where(FeedAggregate.slug == slug)
            )
        )
        return list(self.session.scalars(statement.limit(limit)))

    def aggregate_choices(self) -> list[tuple[str, str]]:
        """(slug, name) of every feed aggregate, by name."""
        rows = self.session.execute(
            sa.select(FeedAggregate.slug, FeedAggregate.name).order_by(
                FeedAggregate.name
            )
        )
        return [(slug, name) for slug, name in rows]


@dataclass
class RelatedBlogService:
    session: Session

    def refresh(self, blog: RelatedBlog, feeds: FeedService | None = None) -> None:
        """Record the newest entry of the related blog's feed."""
        feeds = feeds or FeedService(self.session)
        parsed = parse_feed(feeds.download(blog.feed_url))
        newest = None
        for item in parsed.entries:
            values = entry_values(item, None)
            if values and (newest is None or values["pub_date"] > newest["pub_date"]):
                newest = values
        if newest is not None:
            blog.last_entry_title = newest["title"]
            blog.last_entry_published = newest["pub_date"]
        if title := parsed.feed.get("title"):
            blog.blog_name = str(title)[:200]
        self.session.flush()


def parse_feed(content: bytes | str) -> Any:
    """feedparser's result for a feed document, or :class:`FeedFetchError`."""
    import feedparser

    if isinstance(content, str):
        content = content.encode()
    # A stream, so feedparser never treats the text as a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(content))
    if parsed.bozo and not parsed.entries:
        reason = parsed.get("bozo_exception") or "unreadable document"
        raise FeedFetchError(f"Not a valid RSS/Atom feed: {reason}")
    if not parsed.version and not parsed.entries:
        raise FeedFetchError("Not a valid RSS/Atom feed: no channel or entries")
    return parsed


def entry_values(item: Any, feed: Feed | None) -> dict[str, Any] | None:
    """Column values for one feedparser entry (None when it has no id and no link)."""
    raw_link = fix_legacy_url(str(item.get("link") or ""))
    link = safe_url_or_empty(raw_link)
    guid = item.get("id") or raw_link
    if not guid:
        return None
    content = item.get("content") or []
    return {
        "guid": str(guid)[:1000],
        "title": str(item.get("title") or "(untitled)")[:500],
        "url": (link or safe_url_or_empty(feed.website_url if feed else ""))[:1000],
        "summary": item.get("summary"),
        "content": content[0].get("value") if content else None,
        "pub_date": _as_datetime(
            item.get("published_parsed") or item.get("updated_parsed")
        ),
    }


def fix_legacy_url(url: str) -> str:
    for old, new in LEGACY_HOSTS.items():
        if url.startswith(old):
            return new + url.removeprefix(old)
    return url


def _as_datetime(value: struct_time | None) -> datetime:
    # feedparser normalises dates to UTC struct_times.
    if value is None:
        return utcnow().replace(microsecond=0)
    return datetime(*value[:6], tzinfo=UTC)
