"""Blog tables: unique feed URLs and guids per feed, cascades, excerpts."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.blogs.models import BlogEntry, Feed, feed_aggregate_feeds
from pydotorg.extensions import db
from tests.factories.blogs import BlogEntryFactory, FeedAggregateFactory, FeedFactory


def test_feed_url_is_unique(session):
    FeedFactory(feed_url="https://example.org/feed")
    with pytest.raises(IntegrityError):
        FeedFactory(feed_url="https://example.org/feed")


def test_guid_is_unique_within_a_feed(session):
    entry = BlogEntryFactory(guid="same")
    BlogEntryFactory(guid="same")  # another feed: fine
    with pytest.raises(IntegrityError):
        BlogEntryFactory(guid="same", feed=entry.feed)


def test_deleting_a_feed_deletes_its_entries_and_aggregate_links(session):
    entry = BlogEntryFactory()
    FeedAggregateFactory(feeds=[entry.feed])
    db.session.execute(sa.delete(Feed).where(Feed.id == entry.feed_id))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BlogEntry)) == 0
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(feed_aggregate_feeds))
        == 0
    )


def test_excerpt_is_the_visible_text_only(session):
    entry = BlogEntryFactory(
        summary="<p>Hello <b>world</b></p><script>alert(1)</script><p>Bye &amp; thanks</p>"
    )
    assert entry.excerpt == "Hello world Bye & thanks"


def test_aggregate_slug_comes_from_the_name(session):
    assert FeedAggregateFactory(name="Python News").slug == "python-news"
