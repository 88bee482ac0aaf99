"""FeedService.fetch against a local feed server: upserts by guid, failures recorded."""

from datetime import UTC, datetime

import pytest
import requests
import sqlalchemy as sa

from pydotorg.domains.blogs.models import BlogEntry
from pydotorg.domains.blogs.services import (
    FeedFetchError,
    FeedService,
    RelatedBlogService,
    parse_feed,
)
from pydotorg.extensions import db
from tests.blogs.conftest import item, rss
from tests.factories.blogs import FeedFactory, RelatedBlogFactory


def entries(feed):
    return list(
        db.session.scalars(
            sa.select(BlogEntry)
            .where(BlogEntry.feed_id == feed.id)
            .order_by(BlogEntry.pub_date)
        )
    )


def test_fetch_creates_entries_from_the_feed(session, feed_server):
    feed_server.routes["/feed.xml"] = (200, rss(item(1), item(2)))
    feed = FeedFactory(feed_url=feed_server.url("/feed.xml"))
    result = FeedService(db.session).fetch(feed)
    assert (result.created, result.updated) == (2, 0)
    first, _second = entries(feed)
    assert first.title == "Python 3.14.1 released"
    assert first.guid == "tag:blog.python.org,2025:post-1"
    assert first.url == "https://blog.python.org/2025/10/python-3141.html"
    assert first.pub_date == datetime(2025, 10, 2, 12, tzinfo=UTC)
    assert first.excerpt == "Release 1 is out."
    assert feed.last_fetched is not None
    assert feed.last_error == ""


def test_fetching_again_updates_by_guid_without_duplicates(session, feed_server):
    feed_server.routes["/feed.xml"] = (200, rss(item(1), item(2)))
    feed = FeedFactory(feed_url=feed_server.url("/feed.xml"))
    service = FeedService(db.session)
    service.fetch(feed)
    feed_server.routes["/feed.xml"] = (
        200,
        rss(item(1, title="Python 3.14.1 is out"), item(2), item(3)),
    )
    result = service.fetch(feed)
    assert (result.created, result.updated) == (1, 1)
    assert [e.title for e in entries(feed)] == [
        "Python 3.14.1 is out",
        "Python 3.14.2 released",
        "Python 3.14.3 released",
    ]


def test_the_same_guid_may_appear_in_two_feeds(session, feed_server):
    feed_server.routes["/a.xml"] = (200, rss(item(1)))
    feed_server.routes["/b.xml"] = (200, rss(item(1)))
    service = FeedService(db.session)
    a = FeedFactory(feed_url=feed_server.url("/a.xml"))
    b = FeedFactory(feed_url=feed_server.url("/b.xml"))
    service.fetch(a)
    service.fetch(b)
    assert len(entries(a)) == len(entries(b)) == 1


def test_legacy_blogspot_links_are_rewritten(session, feed_server):
    link = "http://pythoninsider.blogspot.com/2011/01/old-news.html"
    feed_server.routes["/feed.xml"] = (200, rss(item(1, link=link)))
    feed = FeedFactory(feed_url=feed_server.url("/feed.xml"))
    FeedService(db.session).fetch(feed)
    assert entries(feed)[0].url == "https://blog.python.org/2011/01/old-news.html"


def test_an_http_error_is_a_fetch_error_recorded_on_the_feed(session, feed_server):
    feed = FeedFactory(feed_url=feed_server.url("/missing.xml"))
    with pytest.raises(FeedFetchError, match="404"):
        FeedService(db.session).fetch(feed)
    assert "404" in feed.last_error
    assert feed.last_fetched is None


def test_an_unreachable_feed_is_a_fetch_error(session, closed_port_url):
    feed = FeedFactory(feed_url=closed_port_url)
    with pytest.raises(FeedFetchError, match="Could not fetch"):
        FeedService(db.session).fetch(feed)
    assert feed.last_error.startswith("Could not fetch")


def test_a_document_that_is_not_a_feed_is_a_fetch_error(session, feed_server):
    feed_server.routes["/feed.xml"] = (200, "<html><body>Hello</body></html>")
    feed = FeedFactory(feed_url=feed_server.url("/feed.xml"))
    with pytest.raises(FeedFetchError, match="Not a valid RSS/Atom feed"):
        FeedService(db.session).fetch(feed)
    assert entries(feed) == []


def test_fetch_all_goes_on_after_a_failing_feed(session, feed_server):
    feed_server.routes["/good.xml"] = (200, rss(item(1)))
    bad = FeedFactory(name="Bad", feed_url=feed_server.url("/bad.xml"), priority=10)
    good = FeedFactory(name="Good", feed_url=feed_server.url("/good.xml"))
    FeedFactory(name="Off", feed_url=feed_server.url("/off.xml"), is_active=False)
    results = FeedService(db.session).fetch_all()
    assert [(r.feed.name, r.ok) for r in results] == [("Bad", False), ("Good", True)]
    assert "/off.xml" not in feed_server.requests
    assert len(entries(good)) == 1
    assert bad.last_error


def test_the_configured_timeout_is_used(app, session, monkeypatch, allow_loopback):
    seen = {}

    def fake_get(session, url, timeout, headers, **kwargs):
        seen["timeout"] = timeout
        raise requests.Timeout("timed out")

    monkeypatch.setitem(app.config, "FEED_FETCH_TIMEOUT", 3)
    monkeypatch.setattr(requests.Session, "get", fake_get)
    with pytest.raises(FeedFetchError, match="timed out"):
        FeedService(db.session).fetch(FeedFactory())
    assert seen["timeout"] == 3


def test_a_parsed_atom_string_is_imported(session):
    atom = """<?xml version="1.0" encoding="utf-8"?>
    <feed xmlns="http://www.w3.org/2005/Atom">
      <title>PSF News</title>
      <entry>
        <title>Board election</title>
        <link href="https://pyfound.blogspot.com/2025/09/board.html"/>
        <id>tag:pyfound,2025:board</id>
        <updated>2025-09-30T15:00:00Z</updated>
        <content type="html">&lt;p&gt;Results are in.&lt;/p&gt;</content>
      </entry>
    </feed>"""
    feed = FeedFactory()
    result = FeedService(db.session).import_parsed(feed, parse_feed(atom))
    assert result.created == 1
    entry = entries(feed)[0]
    assert (entry.guid, entry.content) == (
        "tag:pyfound,2025:board",
        "<p>Results are in.</p>",
    )
    assert entry.pub_date == datetime(2025, 9, 30, 15, tzinfo=UTC)


def test_a_related_blog_is_refreshed_from_its_feed(session, feed_server):
    feed_server.routes["/feed.xml"] = (200, rss(item(1), item(3), item(2)))
    blog = RelatedBlogFactory(feed_url=feed_server.url("/feed.xml"))
    RelatedBlogService(db.session).refresh(blog)
    assert blog.last_entry_title == "Python 3.14.3 released"
    assert blog.blog_name == "Python Insider"
