"""A hostile feed: script links are never stored, internal addresses never fetched."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.wrappers import Response

from pydotorg.core.fetch import FetchError, check_public_host
from pydotorg.domains.blogs.models import BlogEntry
from pydotorg.domains.blogs.services import FeedFetchError, FeedService
from pydotorg.extensions import db
from tests.blogs.conftest import FeedServer, item, rss
from tests.factories.blogs import FeedFactory


def stored_urls(feed):
    db.session.expire_all()
    return [
        e.url
        for e in db.session.scalars(
            sa.select(BlogEntry).where(BlogEntry.feed_id == feed.id)
        )
    ]


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
    ],
)
def test_a_script_link_in_a_feed_is_not_stored_nor_shown(
    client, session, feed_server, link
):
    feed_server.routes["/feed.xml"] = (200, rss(item(1, link=link)))
    feed = FeedFactory(
        feed_url=feed_server.url("/feed.xml"), website_url="https://blog.example/"
    )
    FeedService(db.session).fetch(feed)
    db.session.commit()

    assert stored_urls(feed) == ["https://blog.example/"]
    for page in ("/blogs/", "/"):
        body = client.get(page).get_data(as_text=True).lower()
        assert "script:" not in body
        assert "data:text" not in body


def test_loopback_feeds_are_refused_by_default(app, session):
    server = FeedServer()  # no allow_loopback: the production default
    server.routes["/feed.xml"] = (200, rss(item(1)))
    server.thread.start()
    try:
        assert app.config["FETCH_ALLOW_PRIVATE_ADDRESSES"] is False
        feed = FeedFactory(feed_url=server.url("/feed.xml"))
        with pytest.raises(FeedFetchError, match="non-public address"):
            FeedService(db.session).fetch(feed)
        assert server.requests == []
        assert "non-public address" in feed.last_error
    finally:
        server.server.shutdown()
        server.server.server_close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8080/feed",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[fe80::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://240.0.0.1/",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
    ],
)
def test_internal_and_non_http_addresses_are_refused(app, url):
    with app.app_context(), pytest.raises(FetchError):
        check_public_host(url)


def test_a_redirect_to_an_internal_address_is_refused(app, session, monkeypatch):
    """The first hop is allowed (a stand-in for a public host); the redirect is checked."""
    server = FeedServer()
    server.routes["/feed.xml"] = (200, rss(item(1)))
    server.thread.start()
    target = server.url("/feed.xml")

    def redirecting(environ, start_response):
        return Response(status=302, headers={"Location": target})(
            environ, start_response
        )

    public = FeedServer()
    public.server.app = redirecting
    public.thread.start()
    checked = []

    from pydotorg.core import fetch as fetch_module

    real_check = fetch_module.check_public_host

    def first_hop_is_public(url):
        checked.append(url)
        if url.startswith(public.url("")):
            return None
        return real_check(url)

    monkeypatch.setattr(fetch_module, "check_public_host", first_hop_is_public)
    try:
        feed = FeedFactory(feed_url=public.url("/start.xml"))
        with pytest.raises(FeedFetchError, match="non-public address"):
            FeedService(db.session).fetch(feed)
        assert checked == [public.url("/start.xml"), target]
        assert server.requests == []
    finally:
        for s in (server, public):
            s.server.shutdown()
            s.server.server_close()
