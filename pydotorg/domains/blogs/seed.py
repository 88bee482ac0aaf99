"""Demo feeds for ``flask seed``: Python Insider with a few entries (no network)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.models import get_or_create
from pydotorg.domains.blogs.models import BlogEntry, Feed, FeedAggregate, RelatedBlog

PYTHON_INSIDER = {
    "name": "Python Insider",
    "website_url": "https://blog.python.org/",
    "feed_url": "https://blog.python.org/feeds/posts/default?alt=rss",
    "priority": 10,
}
PSF_BLOG = {
    "name": "Python Software Foundation News",
    "website_url": "https://pyfound.blogspot.com/",
    "feed_url": "https://pyfound.blogspot.com/feeds/posts/default?alt=rss",
    "priority": 5,
}

# guid, title, url, published, summary
INSIDER_ENTRIES = (
    ("tag:blog.python.org,2025:post-3140", "Python 3.14.0 is now available",
     "https://blog.python.org/2025/10/python-3140-final-is-here.html",
     datetime(2025, 10, 7, 16, 0, tzinfo=UTC),
     "<p>This is the stable release of Python 3.14.0, with free-threaded Python "
     "officially supported, template string literals and deferred annotations.</p>"),
    ("tag:blog.python.org,2025:post-3140rc3", "Python 3.14.0rc3 is go!",
     "https://blog.python.org/2025/09/python-3140rc3-is-go.html",
     datetime(2025, 9, 18, 12, 0, tzinfo=UTC),
     "<p>The final release candidate of Python 3.14 is here. Please try your "
     "projects with it and report any issues.</p>"),
    ("tag:blog.python.org,2025:post-3137", "Python 3.13.7 is now available",
     "https://blog.python.org/2025/08/python-3137-is-now-available.html",
     datetime(2025, 8, 14, 9, 30, tzinfo=UTC),
     "<p>An expedited bugfix release that fixes a regression in TLS handling.</p>"),
    ("tag:blog.python.org,2025:post-core-sprint", "The 2025 core sprint",
     "https://blog.python.org/2025/07/core-sprint.html",
     datetime(2025, 7, 2, 8, 0, tzinfo=UTC),
     "<p>Core developers met in person to work on the next releases.</p>"),
)  # fmt: skip
PSF_ENTRIES = (
    ("tag:pyfound.blogspot.com,2025:post-board", "PSF Board Election results",
     "https://pyfound.blogspot.com/2025/09/board-election-results.html",
     datetime(2025, 9, 30, 15, 0, tzinfo=UTC),
     "<p>Thank you to everyone who voted in this year's board election.</p>"),
)  # fmt: skip


def _entries(session: Session, feed: Feed, rows: tuple[tuple, ...]) -> None:
    known = set(
        session.scalars(sa.select(BlogEntry.guid).where(BlogEntry.feed_id == feed.id))
    )
    for guid, title, url, published, summary in rows:
        if guid not in known:
            session.add(
                BlogEntry(
                    feed=feed, guid=guid, title=title, url=url, pub_date=published,
                    summary=summary,
                )
            )  # fmt: skip


def seed(session: Session) -> None:
    insider = get_or_create(session, Feed, "feed_url", PYTHON_INSIDER)
    psf = get_or_create(session, Feed, "feed_url", PSF_BLOG)
    _entries(session, insider, INSIDER_ENTRIES)
    _entries(session, psf, PSF_ENTRIES)
    if (
        session.scalar(
            sa.select(FeedAggregate).where(FeedAggregate.slug == "python-news")
        )
        is None
    ):
        session.add(
            FeedAggregate(
                name="Python News",
                slug="python-news",
                description="Release news and PSF announcements for the home page.",
                feeds=[insider, psf],
            )
        )
    if (
        session.scalar(
            sa.select(RelatedBlog).where(RelatedBlog.feed_url == PSF_BLOG["feed_url"])
        )
        is None
    ):
        session.add(
            RelatedBlog(
                name="PSF News",
                blog_name="Python Software Foundation News",
                blog_url=PSF_BLOG["website_url"],
                feed_url=PSF_BLOG["feed_url"],
                last_entry_title=PSF_ENTRIES[0][1],
                last_entry_published=PSF_ENTRIES[0][3],
            )
        )
    session.flush()
