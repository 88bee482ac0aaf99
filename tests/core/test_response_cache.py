"""The response cache: what is stored, what never is, and the headers it gives."""

from __future__ import annotations

from typing import Any

import pytest
from flask import make_response, session
from flask_wtf.csrf import generate_csrf

from pydotorg import create_app
from pydotorg.core.security import no_store
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory
from tests.factories.pages import PageFactory


@pytest.fixture
def release(session):
    release = ReleaseFactory(name="Python 3.14.0", slug="python-3140")
    db.session.commit()
    return release


def test_second_anonymous_get_is_a_hit(client, response_cache, release):
    first = client.get("/downloads/")
    assert first.status_code == 200
    assert first.headers["X-Cache"] == "MISS"
    second = client.get("/downloads/")
    assert second.headers["X-Cache"] == "HIT"
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert "releases" in second.headers["Surrogate-Key"].split()
    assert second.headers["Cache-Control"] == "public, max-age=0, must-revalidate"
    assert second.headers["Content-Security-Policy"]


def test_cms_page_and_api_list_and_feed_are_cached(client, response_cache, release):
    PageFactory(path="about/cached", title="Cached page", is_published=True)
    db.session.commit()
    for url in (
        "/about/cached/",
        "/api/v2/downloads/release/",
        "/api/v1/downloads/release/",
        "/downloads/feed.rss",
    ):
        assert client.get(url).headers["X-Cache"] == "MISS", url
        hit = client.get(url)
        assert hit.status_code == 200, url
        assert hit.headers["X-Cache"] == "HIT", url


def test_conditional_get_answers_304(client, response_cache, release):
    first = client.get("/downloads/")
    etag = first.headers["ETag"]
    again = client.get("/downloads/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    since = client.get(
        "/downloads/", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert since.status_code == 304
    changed = client.get("/downloads/", headers={"If-None-Match": '"other"'})
    assert changed.status_code == 200


def test_logged_in_users_are_never_served_or_stored(
    client, auth, response_cache, release, user
):
    db.session.commit()
    client.get("/downloads/")  # stored for anonymous visitors
    auth.login(user.username)
    mine = client.get("/downloads/")
    assert "X-Cache" not in mine.headers
    assert mine.headers["Cache-Control"] == "private, no-cache"
    assert user.username.encode() in mine.data or b"Log out" in mine.data
    assert not any(user.username.encode() in e.body for e in _entries(response_cache))


def test_api_key_requests_bypass_the_cache(client, response_cache, release):
    client.get("/api/v2/downloads/release/")
    keyed = client.get(
        "/api/v2/downloads/release/", headers={"Authorization": "Token nope"}
    )
    assert keyed.status_code == 401
    assert "X-Cache" not in keyed.headers


def test_pages_with_a_csrf_form_are_not_cached(client, response_cache):
    for _ in range(2):
        response = client.get("/accounts/login/")
        assert response.status_code == 200
        assert "X-Cache" not in response.headers
        assert response.headers["Cache-Control"] in ("private, no-cache", "no-store")


def test_a_page_that_used_a_csrf_token_is_not_cached(tmp_path):
    """Even when the visitor's session already held its token (no new cookie); nor
    one that wrote the session, set a cookie or is marked no-store."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "RESPONSE_CACHE": "simple",
            "RATELIMIT_ENABLED": False,
        }
    )

    @app.get("/form-test/")
    def form() -> str:
        return f'<form><input name="csrf_token" value="{generate_csrf()}"></form>'

    @app.get("/plain-test/")
    def plain() -> str:
        return "plain"

    @app.get("/session-test/")
    def writes_session() -> str:
        session["seen"] = True
        return "noted"

    @app.get("/cookie-test/")
    def sets_cookie() -> Any:
        response = make_response("cookie")
        response.set_cookie("theme", "dark")
        return response

    @app.get("/private-test/")
    @no_store
    def private() -> str:
        return "account data"

    client = app.test_client()
    client.get("/form-test/")  # the session gets its token
    again = client.get("/form-test/")
    assert "Set-Cookie" not in again.headers
    assert "X-Cache" not in again.headers
    assert client.get("/plain-test/").headers["X-Cache"] == "MISS"
    assert client.get("/plain-test/").headers["X-Cache"] == "HIT"
    for url in ("/session-test/", "/cookie-test/", "/private-test/"):
        client.get(url)
        assert "X-Cache" not in client.get(url).headers, url


def test_flashed_messages_are_not_cached(client, response_cache, release):
    client.get("/downloads/")
    with client.session_transaction() as flask_session:
        flask_session["_flashes"] = [("info", "Saved for you")]
    flashed = client.get("/downloads/")
    assert "X-Cache" not in flashed.headers
    assert b"Saved for you" in flashed.data
    after = client.get("/downloads/")
    assert b"Saved for you" not in after.data


def test_admin_posts_and_errors_are_not_cached(client, response_cache):
    assert "X-Cache" not in client.get("/admin/").headers
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "X-Cache" not in missing.headers
    assert "X-Cache" not in client.get("/no-such-page/").headers
    assert response_cache.entries.get("http://localhost/no-such-page/?") is None


def test_uncacheable_tables_are_not_stored(client, response_cache):
    """The search index is written without announcements: never cached."""
    first = client.get("/search/?q=python")
    assert first.status_code == 200
    assert "X-Cache" not in client.get("/search/?q=python").headers


def test_a_write_during_a_render_is_not_stored(
    app, client, response_cache, release, monkeypatch
):
    from pydotorg.core import response_cache as module

    real = module.ResponseCache.current

    def write_meanwhile(self, tables):
        self.bump(["releases"])
        return real(self, tables)

    monkeypatch.setattr(module.ResponseCache, "current", write_meanwhile)
    during = client.get("/downloads/")
    monkeypatch.undo()
    # Nor may a CDN keep it: the purge for that write may already have passed.
    assert during.headers["Cache-Control"] == "private, no-cache"
    assert "Surrogate-Key" not in during.headers
    assert client.get("/downloads/").headers["X-Cache"] == "MISS"


def test_a_lost_generation_is_a_miss(client, response_cache, release):
    client.get("/downloads/")
    response_cache.versions.delete("releases")
    assert client.get("/downloads/").headers["X-Cache"] == "MISS"
    assert client.get("/downloads/").headers["X-Cache"] == "HIT"


def _entries(cache):
    store = cache.entries._cache
    return [cache.entries.get(key) for key in list(store)]


def test_a_change_touches_the_association_tables_pointing_at_its_table(app):
    from pydotorg.core.changes import Actor, Change, ChangeKind
    from pydotorg.core.response_cache import changed_tables

    change = Change(
        model=object,
        table="jobs",
        id=1,
        kind=ChangeKind.UPDATED,
        fields={},
        actor=Actor.system(),
    )
    assert changed_tables([change], app) == {"jobs", "job_job_types"}


PUBLIC_PAGES = (
    "/",
    "/downloads/",
    "/downloads/release/python-3140/",
    "/downloads/feed.rss",
    "/jobs/",
    "/jobs/feed/rss/",
    "/events/",
    "/events/feed.rss",
    "/events/calendars/",
    "/blogs/",
    "/success-stories/",
    "/community/",
    "/sponsors/",
    "/psf/records/board/minutes/",
    "/psf/records/board/minutes/feed/",
    "/api/v2/downloads/release/",
    "/api/v1/downloads/release/",
    "/api/v2/downloads/os/",
    "/api/v2/pages/page/",
)


def test_the_public_pages_are_cached(client, response_cache, release):
    for url in PUBLIC_PAGES:
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.headers.get("X-Cache") == "MISS", url
        assert client.get(url).headers["X-Cache"] == "HIT", url


def test_head_is_answered_from_the_cache(client, response_cache, release):
    client.get("/downloads/")
    head = client.head("/downloads/")
    assert head.headers["X-Cache"] == "HIT"
    assert head.data == b""


def test_an_unreachable_redis_serves_pages_uncached(tmp_path, caplog):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": f"redis://127.0.0.1:{port}/15",
            "RESPONSE_CACHE": "auto",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
    response = app.test_client().get("/downloads/")
    assert response.status_code == 200
    assert "X-Cache" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-cache"


def _file_cached_app(tmp_path, database: str):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / database}",
            "REDIS_URL": "",
            "RESPONSE_CACHE": "filesystem",
            "RESPONSE_CACHE_DIR": str(tmp_path / "cache"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
    return app


def test_apps_on_other_databases_never_share_entries(tmp_path):
    one = _file_cached_app(tmp_path, "one.sqlite3")
    other = _file_cached_app(tmp_path, "other.sqlite3")
    assert one.test_client().get("/downloads/").headers["X-Cache"] == "MISS"
    assert other.test_client().get("/downloads/").headers["X-Cache"] == "MISS"
    assert one.test_client().get("/downloads/").headers["X-Cache"] == "HIT"


def test_flask_cache_clear_forgets_every_response(tmp_path):
    app = _file_cached_app(tmp_path, "db.sqlite3")
    client = app.test_client()
    client.get("/downloads/")
    assert client.get("/downloads/").headers["X-Cache"] == "HIT"
    with app.app_context():  # this app's, over the suite's
        result = app.test_cli_runner().invoke(args=["cache", "clear"])
    assert result.exit_code == 0, result.output
    assert "The response cache is empty." in result.output
    assert client.get("/downloads/").headers["X-Cache"] == "MISS"


def test_a_remember_me_cookie_bypasses_the_cache(client, response_cache, release):
    """Flask-Login logs such a visitor in from the cookie: never an anonymous page."""
    client.get("/downloads/")
    client.set_cookie("remember_token", "someone|signature")
    response = client.get("/downloads/")
    assert "X-Cache" not in response.headers
