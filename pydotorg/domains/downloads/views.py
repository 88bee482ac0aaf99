"""Public pages of the downloads domain, at python.org's URLs."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from pydotorg.core.feeds import Feed, FeedItem, midnight, rss_response
from pydotorg.core.templating import url_for_each
from pydotorg.domains.downloads.models import PythonVersion, Release, ReleaseFile
from pydotorg.domains.downloads.services import (
    OSService,
    ReleaseFileService,
    ReleaseListing,
    ReleaseService,
)
from pydotorg.domains.downloads.structured_data import release_structured_data
from pydotorg.domains.pages.views import serve_page
from pydotorg.extensions import db

bp = Blueprint("downloads", __name__, url_prefix="/downloads", cli_group="downloads")

# Django's "N j, Y" month names (Associated Press style), which scrapers parse.
_AP_MONTHS = (
    "Jan.", "Feb.", "March", "April", "May", "June",
    "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
)  # fmt: skip


@bp.app_template_filter("ap_date")
def ap_date(value: date | None) -> str:
    if value is None:
        return ""
    return f"{_AP_MONTHS[value.month - 1]} {value.day}, {value.year}"


@bp.app_template_filter("file_size")
def file_size(value: int | None) -> str:
    """Human size in 1024 steps, as Django's ``filesizeformat``: ``29.7 MB``."""
    size = float(value or 0)
    if size < 1024:
        return f"{int(size)} bytes"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        if size < 1024 or unit == "TB":
            break
    return f"{size:.1f} {unit}"


@bp.app_template_global("release_url")
def release_url(release: Release | ReleaseListing, external: bool = False) -> str:
    """The release page; a legacy CMS page instead when the release has no content."""
    if isinstance(release, ReleaseListing):
        page_path = release.page_path
    elif release.release_page is not None and not release.content:
        page_path = release.release_page.path
    else:
        page_path = None
    if page_path is not None:
        path = f"/{page_path}/"
        return request.url_root.rstrip("/") + path if external else path
    if external:
        return url_for("downloads.release_detail", slug=release.slug, _external=True)
    return url_for_each("downloads.release_detail", "slug")(release.slug)


# python.org's documentation pages, made from the releases (downloads data only).
# Versions older than any release python.org has in its database, which its
# /doc/versions/ lists by hand: (version, release date, docs URL).
LEGACY_DOC_VERSIONS = (
    ("2.2.3", date(2003, 5, 30), "https://docs.python.org/release/2.2.3/"),
    ("2.1.3", date(2002, 4, 9), "https://docs.python.org/release/2.1.3/"),
    ("2.0.1", date(2001, 6, 22), "https://docs.python.org/release/2.0.1/"),
    ("1.6", date(2000, 9, 5), "https://docs.python.org/release/1.6/"),
    ("1.5.2", date(1999, 4, 13), "https://docs.python.org/release/1.5.2/"),
    ("1.4", date(1996, 10, 25), "https://docs.python.org/release/1.4/"),
)


def doc_index() -> str:
    releases = ReleaseService(db.session)
    return render_template(
        "downloads/doc_index.html",
        latest_python3=releases.latest_python3(),
        latest_python2=releases.latest_python2(),
    )


def doc_versions() -> str:
    series = ReleaseService(db.session).documented_series()
    listed = {release.minor_series for release in series}
    legacy = [
        row
        for row in LEGACY_DOC_VERSIONS
        if tuple(int(part) for part in row[0].split(".")[:2]) not in listed
    ]
    return render_template("downloads/doc_versions.html", series=series, legacy=legacy)


def _mount_site_urls(state: Any) -> None:
    """python.org's /doc/ pages and the /getit/ mirror of /downloads/ (a workaround
    for a firewall that blocked /downloads/); both only show downloads data."""
    state.app.add_url_rule("/doc/", "downloads.doc_index", doc_index)
    state.app.add_url_rule("/doc/versions/", "downloads.doc_versions", doc_versions)
    state.app.register_blueprint(bp, url_prefix="/getit", name="getit")


bp.record_once(_mount_site_urls)


@bp.before_request
def _canonical_downloads_path() -> None:
    """/getit/ pages name their /downloads/ twin as the canonical address."""
    if request.blueprint == "getit":
        request.environ["pydotorg.canonical_path"] = "/downloads/" + (
            request.path.removeprefix("/getit/")
        )


# python.org's legacy release pages: /download/releases/X.Y.Z/.
LEGACY_VERSION = re.compile(r"^\d+\.\d+(?:\.\d+)?(?:(?:a|b|rc)\d+)?$")


def legacy_release(version: str) -> Any:
    """``/download/releases/X.Y.Z/``: 301 to the release's page when the release
    exists and has no legacy ``release_page``; otherwise whatever page (or 404)
    the path holds, as python.org's page fallback does."""
    if LEGACY_VERSION.match(version):
        release = ReleaseService(db.session).get_by_version(version, current_user)
        if release is not None and release.release_page is None:
            return redirect(release_url(release), 301)
    response = serve_page(request.path)
    if response is None:
        abort(404)
    return response


bp.record_once(
    lambda state: state.app.add_url_rule(
        "/download/releases/<version>/", "legacy_release", legacy_release
    )
)


@bp.get("/")
def index() -> str:
    releases = ReleaseService(db.session)
    latest = releases.latest_of_families(PythonVersion.PYTHON3, PythonVersion.PYMANAGER)
    return render_template(
        "downloads/index.html",
        latest=latest.get(PythonVersion.PYTHON3),
        pymanager=latest.get(PythonVersion.PYMANAGER),
        operating_systems=OSService(db.session).all(),
        releases=releases.downloads(current_user),
        series=releases.latest_series(),
    )


@bp.get("/operating-systems/")
def operating_systems() -> str:
    return render_template(
        "downloads/os_list.html", operating_systems=OSService(db.session).all()
    )


@bp.get("/<slug>/")
def os_detail(slug: str) -> str:
    os = OSService(db.session).get_by_slug(slug)
    if os is None:
        abort(404)
    stable, pre = ReleaseService(db.session).for_os(os, current_user)
    return render_template(
        "downloads/os_detail.html", os=os, releases=stable, prereleases=pre
    )


@bp.get("/release/<slug>/")
def release_detail(slug: str) -> str:
    service = ReleaseService(db.session)
    release = service.get_by_slug(slug, current_user)
    if release is None:
        abort(404)
    superseded_by = None if release.pre_release else service.superseded_by(release)
    files = ReleaseFileService(db.session)
    table = files.table(release)
    return render_template(
        "downloads/release_detail.html",
        release=release,
        superseded_by=superseded_by,
        end_of_life=release.is_eol or bool(superseded_by and superseded_by.is_eol),
        featured=files.featured(release),
        files=table,
        structured_data=release_structured_data(release, table, request.path)
        if release.is_published
        else None,
    )


def _to_release(release: Release | None) -> Response:
    if release is None:
        return redirect(url_for("downloads.index"), 302)
    return redirect(release_url(release), 302)


@bp.get("/latest/")
@bp.get("/latest/python3/")
def latest_python3() -> Response:
    return _to_release(ReleaseService(db.session).latest_python3())


@bp.get("/latest/python3.<int:minor>/")
def latest_python3_minor(minor: int) -> Response:
    return _to_release(ReleaseService(db.session).latest_python3(minor))


@bp.get("/latest/python2/")
def latest_python2() -> Response:
    return _to_release(ReleaseService(db.session).latest_python2())


@bp.get("/latest/prerelease/")
def latest_prerelease() -> Response:
    return _to_release(ReleaseService(db.session).latest_prerelease())


@bp.get("/latest/pymanager/")
def latest_pymanager() -> Response:
    return _to_release(ReleaseService(db.session).latest_pymanager())


@bp.get("/feed.rss")
def feed() -> Response:
    """RSS 2.0: the 10 newest published releases (python.org's syndication feed)."""
    items = []
    for release in ReleaseService(db.session).feed():
        released = midnight(release.release_date)
        items.append(
            FeedItem(
                title=release.name,
                link=release_url(release, external=True),
                # Scripts grep "Release date: <aware datetime as Python prints it>".
                description=f"Release date: {released or ''}",
                pub_date=released,
            )
        )
    return rss_response(
        Feed(
            title="Python Releases",
            link=url_for("downloads.index", _external=True),
            description="Latest Python releases from Python.org",
            items=items,
        )
    )


@bp.get("/file/<int:api_id>/")
def file_download(api_id: int) -> Response:
    """Count the download, then send the visitor to the file itself."""
    release_file = db.session.scalar(
        sa.select(ReleaseFile)
        .join(ReleaseFile.release)
        .where(ReleaseFile.api_id == api_id)
        .options(contains_eager(ReleaseFile.release))
    )
    if release_file is None:
        abort(404)
    if not release_file.release.visible_to(current_user):
        abort(404)
    url, file_id = release_file.url, release_file.id
    # End the read transaction first: on SQLite a reader that then writes can be
    # refused the lock instead of waiting for it.
    db.session.commit()
    ReleaseFileService(db.session).record_download(file_id)
    db.session.commit()
    return redirect(url, 302)
