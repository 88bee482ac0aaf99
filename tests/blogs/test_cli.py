"""``flask blogs fetch``."""

import sqlalchemy as sa

from pydotorg.domains.blogs.models import BlogEntry
from pydotorg.extensions import db
from tests.blogs.conftest import item, rss
from tests.factories.blogs import FeedFactory


def test_fetch_imports_every_active_feed(runner, session, feed_server):
    feed_server.routes["/feed.xml"] = (200, rss(item(1), item(2)))
    FeedFactory(name="Python Insider", feed_url=feed_server.url("/feed.xml"))
    db.session.commit()
    result = runner.invoke(args=["blogs", "fetch"])
    assert result.exit_code == 0, result.output
    assert "Python Insider: 2 new, 0 updated" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BlogEntry)) == 2


def test_an_unreachable_feed_is_reported_without_a_traceback(
    runner, session, feed_server, closed_port_url
):
    feed_server.routes["/feed.xml"] = (200, rss(item(1)))
    FeedFactory(name="Dead", feed_url=closed_port_url, priority=5)
    FeedFactory(name="Alive", feed_url=feed_server.url("/feed.xml"))
    db.session.commit()
    result = runner.invoke(args=["blogs", "fetch"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Dead: FAILED: Could not fetch" in result.output
    assert "Alive: 1 new, 0 updated" in result.output
    assert "2 feed(s) fetched, 1 failed." in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BlogEntry)) == 1
