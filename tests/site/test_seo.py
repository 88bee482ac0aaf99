"""robots.txt, sitemap.xml (split into an index past the limit) and /favicon.ico."""

from __future__ import annotations

import re

import pytest

from pydotorg.domains.jobs.models import JobStatus
from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory
from tests.factories.events import EventFactory
from tests.factories.jobs import JobFactory
from tests.factories.pages import PageFactory

LOC = re.compile(r"<loc>([^<]+)</loc>")


@pytest.fixture
def content(session):
    PageFactory(path="about/history", title="History")
    PageFactory(path="about/secret-draft", is_published=False)
    ReleaseFactory(name="Python 3.14.2", slug="python-3142")
    ReleaseFactory(name="Python 3.99.0", slug="python-3990", is_published=False)
    JobFactory(slug="python-dev-acme", status=JobStatus.APPROVED)
    JobFactory(slug="draft-job", status=JobStatus.DRAFT)
    event = EventFactory(title="Language Summit")
    db.session.commit()
    return event


def test_robots_txt_keeps_crawlers_out_of_admin_previews_and_accounts(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/users/edit/", "/jobs/*/preview/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines
    # Public profiles and pages stay crawlable.
    assert "Disallow: /users/" not in lines and "Disallow: /" not in lines


def test_sitemap_lists_public_pages_with_lastmod(client, content):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    xml = response.get_data(as_text=True)
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset')
    locs = LOC.findall(xml)
    assert "http://localhost/" in locs
    assert "http://localhost/about/history/" in locs
    assert "http://localhost/downloads/release/python-3142/" in locs
    assert "http://localhost/jobs/python-dev-acme/" in locs
    assert f"http://localhost/events/{content.calendar.slug}/{content.slug}/" in locs
    for hidden in ("secret-draft", "python-3990", "draft-job"):
        assert not any(hidden in loc for loc in locs), hidden
    assert re.search(
        r"<loc>http://localhost/about/history/</loc><lastmod>\d{4}-\d\d-\d\dT", xml
    )


def test_every_sitemap_url_answers(client, content):
    locs = LOC.findall(client.get("/sitemap.xml").get_data(as_text=True))
    for loc in locs:
        assert client.get(loc.removeprefix("http://localhost")).status_code == 200, loc


def test_sitemap_becomes_an_index_past_the_limit(app, client, content):
    everything = LOC.findall(client.get("/sitemap.xml").get_data(as_text=True))
    app.config["SITEMAP_MAX_URLS"] = 5
    try:
        index = client.get("/sitemap.xml").get_data(as_text=True)
        assert "<sitemapindex" in index
        parts = LOC.findall(index)
        assert len(parts) == -(-len(everything) // 5)
        assert parts[0] == "http://localhost/sitemap-1.xml"
        found = []
        for part in parts:
            xml = client.get(part.removeprefix("http://localhost")).get_data(
                as_text=True
            )
            assert "<urlset" in xml
            found += LOC.findall(xml)
        assert found == everything
        beyond = len(parts) + 1
        assert client.get(f"/sitemap-{beyond}.xml").status_code == 404
    finally:
        del app.config["SITEMAP_MAX_URLS"]
    assert client.get("/sitemap-1.xml").status_code == 404


def test_favicon_ico_is_an_icon(client):
    response = client.get("/favicon.ico")
    try:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"
    finally:
        response.close()
