"""RSS 2.0 feeds in the shape of Django's syndication framework (python.org's feeds).

Domains build a :class:`Feed` of :class:`FeedItem` and return :func:`rss_response`;
the one template ``includes/rss.xml`` writes every feed, escaping text as XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime

from flask import Response, current_app, request

RSS_CONTENT_TYPE = "application/rss+xml; charset=utf-8"


@dataclass(frozen=True)
class FeedItem:
    title: str
    # Absolute URL; it is the item's guid too.
    link: str
    description: str
    pub_date: datetime | None = None


@dataclass(frozen=True)
class Feed:
    title: str
    # Absolute URL of the page the feed follows.
    link: str
    description: str
    items: Sequence[FeedItem]
    language: str = "en-us"

    @property
    def self_url(self) -> str:
        return request.base_url

    @property
    def last_build_date(self) -> str:
        """The newest item's date, else now (as Django's ``latest_post_date``)."""
        dates = [item.pub_date for item in self.items if item.pub_date]
        return rfc822(max(dates) if dates else datetime.now(UTC))


def rfc822(value: datetime) -> str:
    return format_datetime(value.astimezone(UTC) if value.tzinfo else value)


def midnight(value: date | None) -> datetime | None:
    """A date as the midnight (UTC) that starts it: RSS dates are datetimes."""
    return datetime.combine(value, time(), tzinfo=UTC) if value else None


def rss_response(feed: Feed) -> Response:
    # Straight from the Jinja environment: the site's context processors (banners,
    # the current user) would cost queries a feed never shows.
    template = current_app.jinja_env.get_template("includes/rss.xml")
    body = template.render(feed=feed, rfc822=rfc822)
    return Response(body, content_type=RSS_CONTENT_TYPE)
