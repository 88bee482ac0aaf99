"""A GET issued after a write's response has returned shows the new content, from
the response cache, whatever path wrote: admin form or action, API, CLI, public
form, feed fetch, expiry."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from pydotorg.core.response_cache import EXTENSION
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import today
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.blogs.conftest import allow_loopback, feed_server, item, rss  # noqa: F401
from tests.conftest import csrf_token_from
from tests.factories.blogs import FeedFactory
from tests.factories.downloads import ReleaseFactory
from tests.factories.jobs import JobFactory
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_action, admin_form
from tests.site.test_crawl import crawl, seeded  # noqa: F401

SAMPLE = (
    Path(__file__).parent.parent / "downloads" / "data" / "python_org_v2_sample.json"
)
RELEASE_PAGES = (
    "/",
    "/downloads/",
    "/downloads/feed.rss",
    "/api/v2/downloads/release/",
    "/api/v1/downloads/release/",
)


@pytest.fixture
def anonymous(app):
    """A second browser: nobody logged in."""
    return app.test_client()


def cached(client, *urls: str) -> None:
    """Each of ``urls`` answers from the cache now."""
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["X-Cache"] == "HIT", url


def shows(client, text: str, *urls: str) -> bool:
    return all(text.encode() in client.get(url).data for url in urls)


def test_admin_form_save(staff_client, anonymous, response_cache):
    release = ReleaseFactory(name="Python 3.14.0", slug="python-3140", is_latest=True)
    db.session.commit()
    cached(anonymous, *RELEASE_PAGES, "/downloads/release/python-3140/")
    response = admin_form(
        staff_client,
        f"/admin/releases/edit/?id={release.id}",
        {
            "name": "Python 3.14.0 renamed",
            "slug": "python-3140",
            "version": "PYTHON3",
            "is_published": "y",
            "is_latest": "y",
            "show_on_download_page": "y",
            "release_date": "2025-10-07",
            "release_notes_url": "",
            "content": "",
            "content_markup_type": "RESTRUCTUREDTEXT",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert shows(
        anonymous,
        "Python 3.14.0 renamed",
        *RELEASE_PAGES,
        "/downloads/release/python-3140/",
    )


def test_admin_action(staff_client, anonymous, response_cache):
    draft = ReleaseFactory(name="Python 3.15.0", is_published=False)
    db.session.commit()
    cached(anonymous, *RELEASE_PAGES[1:])
    assert not shows(anonymous, "Python 3.15.0", "/downloads/")
    admin_action(staff_client, "releases", "publish", [draft.id])
    assert shows(anonymous, "Python 3.15.0", *RELEASE_PAGES[1:])


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_api_write(client, anonymous, response_cache, version):
    staff = UserFactory(username="releasebot", is_staff=True)
    _, key = APIKeyService(db.session).create(staff, "release tools")
    ReleaseFactory(name="Python 3.13.0")
    db.session.commit()
    cached(anonymous, *RELEASE_PAGES)
    if version == "v2":
        headers = {"Authorization": f"Token {key}"}
        body = {"release_date": "2025-10-07T14:00:00Z", "version": 3}
    else:
        headers = {"Authorization": f"ApiKey releasebot:{key}"}
        body = {"release_date": "2025-10-07T14:00:00", "version": 3}
    response = client.post(
        f"/api/{version}/downloads/release/",
        json={"name": "Python 3.14.2", "is_published": True, **body},
        headers=headers,
    )
    assert response.status_code == 201, response.get_data(as_text=True)
    assert shows(anonymous, "Python 3.14.2", *RELEASE_PAGES[1:])


def test_cli_import(runner, anonymous, response_cache, session):
    ReleaseFactory(name="Python 3.13.0")
    db.session.commit()
    cached(anonymous, *RELEASE_PAGES)
    result = runner.invoke(args=["downloads", "import", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    assert shows(anonymous, "Python 3.14.0", *RELEASE_PAGES[1:])


def test_public_form(client, auth, anonymous, response_cache):
    UserFactory(username="owner", first_name="Old")
    db.session.commit()
    cached(anonymous, "/users/owner/")
    auth.login("owner")
    page = client.get("/users/edit/").get_data(as_text=True)
    response = client.post(
        "/users/edit/",
        data={
            "csrf_token": csrf_token_from(page),
            "first_name": "Grace",
            "last_name": "Hopper",
            "bio": "",
            "public_profile": "y",
            "search_visibility": "PUBLIC",
            "email_privacy": "NEVER",
        },
    )
    assert response.status_code == 302
    assert shows(anonymous, "Grace Hopper", "/users/owner/")


def test_feed_fetch(runner, anonymous, response_cache, session, feed_server):  # noqa: F811
    feed_server.routes["/feed.xml"] = (200, rss(item(1, title="Fresh from the feed")))
    FeedFactory(name="Python Insider", feed_url=feed_server.url("/feed.xml"))
    db.session.commit()
    cached(anonymous, "/blogs/", "/")
    result = runner.invoke(args=["blogs", "fetch"])
    assert result.exit_code == 0, result.output
    assert shows(anonymous, "Fresh from the feed", "/blogs/")


def test_job_expiry(runner, anonymous, response_cache, session):
    job = JobFactory(
        job_title="Stale posting",
        status=JobStatus.APPROVED,
        expires=today() + timedelta(days=3),
    )
    db.session.commit()
    cached(anonymous, "/jobs/", f"/jobs/{job.slug}/")
    job.expires = today() - timedelta(days=1)  # past its date, not yet expired
    db.session.commit()
    cached(anonymous, "/jobs/")
    result = runner.invoke(args=["jobs", "expire"])
    assert result.exit_code == 0, result.output
    assert "1 job(s) expired." in result.output
    assert anonymous.get("/jobs/").headers["X-Cache"] == "MISS"


def test_the_cache_is_transparent_across_the_seeded_site(
    app,
    client,
    response_cache,
    seeded,  # noqa: F811
):
    """Every page the crawl reaches answers from the cache as it does without it
    (the home page's code sample is picked at random: it is left out)."""
    urls = list(crawl(client))  # fills the cache
    hits = 0
    for url in urls:
        with client.get(url) as cached_answer:  # closes files sent from static/
            if cached_answer.headers.get("X-Cache") != "HIT" or url == "/":
                continue
        hits += 1
        app.extensions[EXTENSION] = None
        try:
            fresh = client.get(url)
        finally:
            app.extensions[EXTENSION] = response_cache
        assert cached_answer.status_code == fresh.status_code, url
        assert same(cached_answer.data) == same(fresh.data), url
    assert hits > 100


def same(body: bytes) -> bytes:
    """An empty feed is built "now": that date is not content."""
    return re.sub(rb"<lastBuildDate>[^<]*</lastBuildDate>", b"", body)
