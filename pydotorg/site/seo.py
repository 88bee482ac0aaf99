"""What crawlers read first: ``/robots.txt``, ``/sitemap.xml`` and ``/favicon.ico``
(a real icon: browsers ask for it on pages that name no icon, the admin's too).

The sitemap lists every public page of every domain with its ``lastmod``. Past
``SITEMAP_MAX_URLS`` (50,000, the protocol's limit) ``/sitemap.xml`` becomes a
sitemap index of ``/sitemap-<n>.xml`` parts. URLs are on ``SITE_URL``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Flask,
    Response,
    abort,
    current_app,
    render_template,
)

from pydotorg.core.seo import site_url
from pydotorg.domains.community.models import Post
from pydotorg.domains.downloads.models import Release
from pydotorg.domains.events.models import Calendar, Event
from pydotorg.domains.jobs.services import JobService
from pydotorg.domains.minutes.models import Minutes
from pydotorg.domains.pages.models import Page
from pydotorg.domains.successstories.models import Story
from pydotorg.extensions import db

SITEMAP_PROTOCOL_LIMIT = 50_000
XML = "application/xml; charset=utf-8"

# Lists every visitor can reach from the menus.
LIST_PAGES = (
    "/", "/downloads/", "/jobs/", "/events/", "/events/calendars/",
    "/success-stories/", "/community/", "/blogs/", "/sponsors/",
    "/psf/records/board/minutes/",
)  # fmt: skip

# Never worth crawling: the admin, account pages, drafts shown to their authors.
DISALLOWED = (
    "/admin/", "/accounts/", "/users/edit/", "/users/api-keys/",
    "/users/membership/", "/jobs/create/", "/jobs/mine/", "/jobs/*/preview/",
    "/jobs/*/edit/", "/sponsors/application/", "/events/submit/",
    "/success-stories/create/", "/nominations/*/create/",
)  # fmt: skip


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: datetime | None = None


def _entries() -> Iterator[SitemapEntry]:
    for path in LIST_PAGES:
        yield SitemapEntry(site_url(path))
    session = db.session
    for path, updated in session.execute(
        sa.select(Page.path, Page.updated_at)
        .where(Page.is_published.is_(True))
        .order_by(Page.path)
    ):
        yield SitemapEntry(site_url(f"/{path}/"), updated)
    simple = (
        (Release, "/downloads/release/{}/", Release.is_published.is_(True)),
        (Story, "/success-stories/{}/", Story.is_published.is_(True)),
        (Minutes, "/psf/records/board/minutes/{}/", Minutes.is_published.is_(True)),
        (Post, "/community/{}/", Post.is_published.is_(True)),
        (Calendar, "/events/{}/", sa.true()),
    )
    for model, pattern, published in simple:
        for slug, updated in session.execute(
            sa.select(model.slug, model.updated_at)
            .where(published)
            .order_by(model.slug)
        ):
            yield SitemapEntry(site_url(pattern.format(slug)), updated)
    for calendar, slug, updated in session.execute(
        sa.select(Calendar.slug, Event.slug, Event.updated_at)
        .join(Event.calendar)
        .order_by(Calendar.slug, Event.slug)
    ):
        yield SitemapEntry(site_url(f"/events/{calendar}/{slug}/"), updated)
    jobs = JobService(session).visible_statement().order_by(None)
    for job in session.scalars(jobs).unique():
        yield SitemapEntry(site_url(f"/jobs/{job.slug}/"), job.updated_at)


def _limit() -> int:
    return max(
        1, int(current_app.config.get("SITEMAP_MAX_URLS", SITEMAP_PROTOCOL_LIMIT))
    )


def _xml(template: str, **context: object) -> Response:
    body = current_app.jinja_env.get_template(template).render(**context)
    return Response(body, content_type=XML)


def sitemap() -> Response:
    entries = list(_entries())
    limit = _limit()
    if len(entries) <= limit:
        return _xml("seo/sitemap.xml", entries=entries)
    parts = math.ceil(len(entries) / limit)
    return _xml(
        "seo/sitemap_index.xml",
        sitemaps=[site_url(f"/sitemap-{n}.xml") for n in range(1, parts + 1)],
    )


def sitemap_part(number: int) -> Response:
    entries = list(_entries())
    limit = _limit()
    if len(entries) <= limit or not 1 <= number <= math.ceil(len(entries) / limit):
        abort(404)
    start = (number - 1) * limit
    return _xml("seo/sitemap.xml", entries=entries[start : start + limit])


def robots_txt() -> Response:
    body = render_template(
        "seo/robots.txt", disallowed=DISALLOWED, sitemap=site_url("/sitemap.xml")
    )
    return Response(body, content_type="text/plain; charset=utf-8")


def favicon() -> Response:
    # The bytes, not a file stream: a few KB, and no open file per request.
    icon = Path(current_app.static_folder or "static") / "favicon.ico"
    response = Response(icon.read_bytes(), mimetype="image/vnd.microsoft.icon")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600
    return response


def register_seo(app: Flask) -> None:
    app.add_url_rule("/robots.txt", "robots_txt", robots_txt)
    app.add_url_rule("/sitemap.xml", "sitemap", sitemap)
    app.add_url_rule("/sitemap-<int:number>.xml", "sitemap_part", sitemap_part)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
