"""Every v1/v2 content API URL answers exactly as recorded, byte for byte.

A characterisation test: the downloads and pages APIs are asked every list,
detail, schema, multi-get and filter URL over the seeded data, as an anonymous
reader, a non-staff key and a staff key, then a fixed sequence of writes (good
and bad). Status, the headers clients read and the body are compared with
``data/api_snapshot.json``, recorded before the APIs' code was reorganised.

The snapshot is python.org's contract as our clients see it
(``reference/clients.md``): a difference is a behaviour change, not a stale file.
Re-record it (``API_SNAPSHOT_RECORD=1 pytest tests/site/test_api_snapshot.py``)
only for a change that is meant, and say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from pydotorg.domains.downloads import seed as downloads_seed
from pydotorg.domains.downloads.models import OS, Release, ReleaseFile
from pydotorg.domains.pages import seed as pages_seed
from pydotorg.domains.pages.models import Page
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.factories.users import UserFactory

SNAPSHOT = Path(__file__).with_name("data") / "api_snapshot.json"
HEADERS = ("Content-Type", "Location", "Allow", "WWW-Authenticate", "Retry-After")
FTP = "https://www.python.org/ftp/python/9.9.9/"

# (resource, model) of the download API; pages/page is added where it is read.
DOWNLOADS = (("os", OS), ("release", Release), ("release_file", ReleaseFile))


@pytest.fixture
def callers(session: Any) -> dict[str, dict[str, dict[str, str]]]:
    """Headers per version for an anonymous reader, a non-staff key and a staff key."""
    staff = UserFactory(username="snapshot-staff", is_staff=True)
    reader = UserFactory(username="snapshot-reader")
    keys = APIKeyService(db.session)
    staff_key = keys.create(staff, "snapshot")[1]
    reader_key = keys.create(reader, "snapshot")[1]
    return {
        "anonymous": {"v1": {}, "v2": {}},
        "reader": {
            "v1": {"Authorization": f"ApiKey {reader.username}:{reader_key}"},
            "v2": {"Authorization": f"Token {reader_key}"},
        },
        "staff": {
            "v1": {"Authorization": f"ApiKey {staff.username}:{staff_key}"},
            "v2": {"Authorization": f"Token {staff_key}"},
        },
    }


@pytest.fixture
def seeded(session: Any, callers: Any) -> None:
    pages_seed.seed(db.session)
    downloads_seed.seed(db.session)
    db.session.flush()
    # One release links to a page, so ``release_page`` shows a URI too.
    release = db.session.scalar(sa.select(Release).order_by(Release.name).limit(1))
    release.release_page = db.session.scalar(
        sa.select(Page).order_by(Page.path).limit(1)
    )
    db.session.commit()


def api_ids(model: type) -> list[int]:
    return list(db.session.scalars(sa.select(model.api_id).order_by(model.api_id)))  # type: ignore[attr-defined]


class Recorder:
    def __init__(self, client: FlaskClient, callers: Any, count_queries: Any) -> None:
        self.client = client
        self.callers = callers
        self.count_queries = count_queries
        self.answers: dict[str, Any] = {}

    def __call__(
        self, who: str, method: str, url: str, body: Any = None, *, raw: str = ""
    ) -> Any:
        version = "v2" if url.startswith("/api/v2/") else "v1"
        headers = dict(self.callers[who][version])
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs["json"] = body
        elif raw:
            kwargs["data"] = raw
            headers["Content-Type"] = "application/json"
        with self.count_queries() as counter:
            response = self.client.open(url, method=method, headers=headers, **kwargs)
        key = f"{who} {method} {url}"
        if body is not None or raw:
            key += " " + (raw or json.dumps(body, sort_keys=True))
        answered = {
            name: response.headers[name] for name in HEADERS if name in response.headers
        }
        if "Allow" in answered:
            # A set: Werkzeug lists it in an order that changes between processes.
            answered["Allow"] = ", ".join(sorted(answered["Allow"].split(", ")))
        while key in self.answers:  # the same request again, later in the sequence
            key += " (again)"
        self.answers[key] = {
            "status": response.status_code,
            "headers": answered,
            "body": response.get_data(as_text=True),
            "queries": counter.count,
        }
        return response


def read_everything(record: Recorder) -> None:
    record("anonymous", "GET", "/api/v1/")
    record("anonymous", "GET", "/api/v2/")
    resources = [(f"downloads/{name}", model) for name, model in DOWNLOADS]
    resources.append(("pages/page", Page))
    for who in ("anonymous", "reader", "staff"):
        for name, model in resources:
            ids = api_ids(model)
            v1, v2 = f"/api/v1/{name}", f"/api/v2/{name}"
            for url in (
                f"{v1}/",
                f"{v1}/?limit=0",
                f"{v1}/?limit=3&offset=2&format=json",
                f"{v1}/schema/",
                f"{v1}/set/{';'.join(map(str, ids[:4]))};999999;x/",
                f"{v2}/",
                f"{v2}.json",
                f"{v1}/999999/",
                f"{v2}/999999/",
            ):
                record(who, "GET", url)
            for api_id in ids:
                record(who, "GET", f"{v1}/{api_id}/")
                record(who, "GET", f"{v2}/{api_id}/")
        for method in ("OPTIONS", "PUT", "PATCH", "HEAD"):
            for name, _ in resources:
                record(who, method, f"/api/v1/{name}/")
                record(who, method, f"/api/v1/{name}/1/")
        for method in ("OPTIONS", "HEAD"):
            for name, _ in resources:
                record(who, method, f"/api/v2/{name}/")
                record(who, method, f"/api/v2/{name}/1/")
        record(who, "GET", "/api/v2/downloads/release")
        record(who, "GET", "/api/v2/downloads/release_file/delete_by_release/")


FILTERS = {
    "/api/v1/downloads/os/": ("slug=macos", "name=Windows", "slug__in=a", "x=1"),
    "/api/v1/downloads/release/": (
        "name=Python+3.14.0",
        "name=Python%203.14.0",
        "is_published=false",
        "pre_release=true",
        "version=3",
        "version__startswith=1",
        "version=x",
        "release_date__gt=2025-12-01",
        "release_date__range=2025-01-01,2025-12-03",
        "release_date__year=2020",
        "release_date=bad",
        "is_latest=true",
        "order_by=name",
        "is_published=maybe",
    ),
    "/api/v1/downloads/release_file/": (
        "os=1",
        "release=2",
        "os__slug=source",
        "release__name=Python+3.14.0",
        "os__in=1,3",
        "release=abc",
        "description__contains=64",
        "description=x",
        "os__gt=1",
        "release__is_published=false",
    ),
    "/api/v1/pages/page/": (
        "path=about",
        "keywords__icontains=python",
        "is_published=false",
        "is_published=x",
        "title__startswith=A",
        "content=x",
    ),
    "/api/v2/downloads/os/": ("slug=macos", "name=Windows", "unknown=1"),
    "/api/v2/downloads/release/": (
        "name=Python+3.14.0",
        "pre_release=1",
        "pre_release=maybe",
        "is_published=False",
        "version=100",
        "version=x",
        "release_date=2025-10-07",
        "release_date=x",
        "limit=1&order_by=-release_date",
    ),
    "/api/v2/downloads/release_file/": (
        "os=1",
        "release=2",
        "release=2&os=3",
        "os=999",
        "release=x",
        "description__contains=64",
        "format=json",
        "name=x&slug=y",
    ),
    "/api/v2/pages/page/": (
        "path=about",
        "keywords__icontains=PYTHON",
        "is_published=false",
        "title__startswith=A",
    ),
}


def filter_everything(record: Recorder) -> None:
    for who in ("anonymous", "staff"):
        for url, queries in FILTERS.items():
            for query in queries:
                record(who, "GET", f"{url}?{query}")
        hidden = db.session.scalar(
            sa.select(Release.api_id).where(Release.is_published.is_(False))
        )
        record(who, "GET", f"/api/v2/downloads/release_file/?release={hidden}")
        record(who, "GET", f"/api/v1/downloads/release_file/?release={hidden}")


def write_everything(record: Recorder) -> None:
    """A fixed sequence of writes: refused, invalid, then good ones and their reads."""
    page = db.session.scalar(sa.select(Page.api_id).where(Page.path == "about"))
    os_body = {"name": "Solaris", "slug": "solaris"}
    for who in ("anonymous", "reader"):
        record(who, "POST", "/api/v1/downloads/os/", os_body)
        record(who, "POST", "/api/v2/downloads/os/", os_body)
        record(who, "PUT", "/api/v2/downloads/os/1/", os_body)
        record(who, "DELETE", "/api/v1/downloads/os/1/")
        record(who, "DELETE", "/api/v2/downloads/os/1/")
        record(who, "DELETE", "/api/v1/downloads/release_file/?release=1")
        record(who, "DELETE", "/api/v2/downloads/release_file/delete_by_release/")
        record(who, "POST", "/api/v1/pages/page/", {"title": "T", "path": "t"})
        record(who, "POST", "/api/v2/pages/page/", {"title": "T", "path": "t"})
        record(who, "DELETE", f"/api/v2/pages/page/{page}/")
        record(who, "DELETE", f"/api/v1/pages/page/{page}/")

    staff = "staff"
    # Invalid bodies.
    for version in ("v1", "v2"):
        base = f"/api/{version}/downloads"
        record(staff, "POST", f"{base}/os/", {})
        record(staff, "POST", f"{base}/os/", raw="[1, 2]")
        record(staff, "POST", f"{base}/os/", raw="not json")
        record(staff, "POST", f"{base}/release/", {"name": "", "version": 7})
        record(
            staff,
            "POST",
            f"{base}/release/",
            {"name": "Python 9.9.8", "release_date": "soon", "is_latest": "maybe"},
        )
        record(
            staff,
            "POST",
            f"{base}/release_file/",
            {
                "name": "Bad",
                "os": "/api/v1/downloads/os/999/",
                "release": "/api/v1/pages/page/1/",
                "url": "http://example.com/x",
                "filesize": -1,
            },
        )
    record(staff, "POST", "/api/v1/pages/page/", {"title": "", "path": "../x"})
    record(staff, "POST", "/api/v1/pages/page/", {"title": "T", "path": "about"})
    record(staff, "POST", "/api/v2/pages/page/", {"title": "T", "path": "t"})
    record(staff, "PATCH", f"/api/v2/pages/page/{page}/", {"title": "T"})
    record(staff, "DELETE", "/api/v1/downloads/release_file/")
    record(staff, "DELETE", "/api/v1/downloads/release_file/?release=1&os=1")
    record(staff, "DELETE", "/api/v1/downloads/release/?release=1")
    record(
        staff, "DELETE", "/api/v2/downloads/release_file/delete_by_release/?release="
    )
    record(staff, "GET", "/api/v2/downloads/release_file/delete_by_release/?release=1")

    # Good writes, each read back.
    record(staff, "POST", "/api/v1/downloads/os/", os_body)
    record(staff, "GET", "/api/v1/downloads/os/?slug=solaris")
    record(staff, "POST", "/api/v2/downloads/os/", {"name": "Plan 9"})
    release_body = {
        "name": "Python 9.9.9",
        "version": 3,
        "is_published": False,
        "release_date": "2030-01-02T03:04:05Z",
        "release_page": f"/api/v1/pages/page/{page}/",
        "release_notes_url": "https://docs.python.org/9/",
    }
    record(staff, "POST", "/api/v1/downloads/release/", release_body)
    release = db.session.scalar(
        sa.select(Release.api_id).where(Release.name == "Python 9.9.9")
    )
    record(
        staff,
        "POST",
        "/api/v2/downloads/release/",
        {**release_body, "name": "Python 9.9.10", "release_date": "2030-01-03"},
    )
    record(staff, "GET", f"/api/v1/downloads/release/{release}/")
    record("anonymous", "GET", f"/api/v1/downloads/release/{release}/")  # unpublished
    record("anonymous", "GET", f"/api/v2/downloads/release/{release}/")
    file_body = {
        "name": "XZ compressed source tarball",
        "slug": "999-XZ-compressed-source-tarball",
        "os": "/api/v1/downloads/os/3/",
        "release": f"/api/v1/downloads/release/{release}/",
        "description": "",
        "is_source": True,
        "url": FTP + "Python-9.9.9.tar.xz",
        "sha256_sum": "0" * 64,
        "filesize": 123456,
        "download_button": True,
        "gpg_signature_file": FTP + "Python-9.9.9.tar.xz.asc",
        "sigstore_bundle_file": FTP + "Python-9.9.9.tar.xz.sigstore",
        "md5_sum": "ignored by nobody",
        "unknown": "ignored",
    }
    record(staff, "POST", "/api/v1/downloads/release_file/", file_body)
    record(staff, "POST", "/api/v1/downloads/release_file/", file_body)  # url taken
    record(
        staff,
        "POST",
        "/api/v2/downloads/release_file/",
        {
            **file_body,
            "name": "Gzipped source tarball",
            "slug": "",
            "url": FTP + "Python-9.9.9.tgz",
            "gpg_signature_file": "",
            "sigstore_bundle_file": "",
            "download_button": False,
            "os": "http://localhost/api/v2/downloads/os/3/",
        },
    )
    record(staff, "GET", f"/api/v1/downloads/release_file/?release={release}")
    record(staff, "GET", f"/api/v2/downloads/release_file/?release={release}")
    record("anonymous", "GET", f"/api/v2/downloads/release_file/?release={release}")
    files = api_ids(ReleaseFile)
    record(
        staff, "PATCH", f"/api/v2/downloads/release_file/{files[-1]}/", {"filesize": 7}
    )
    record(
        staff,
        "PATCH",
        f"/api/v2/downloads/release/{release}/",
        {"is_published": True, "pre_release": "true"},
    )
    record(
        staff,
        "PUT",
        f"/api/v2/downloads/release/{release}/",
        {"name": "Python 9.9.9", "release_date": "2030-01-02"},
    )
    record(staff, "PUT", "/api/v2/downloads/os/1/", {"slug": "x"})
    record(staff, "GET", f"/api/v1/downloads/release/{release}/")
    record(staff, "DELETE", f"/api/v1/downloads/release_file/{files[-1]}/")
    record(staff, "DELETE", f"/api/v2/downloads/release_file/{files[-2]}/")
    record(staff, "DELETE", f"/api/v1/downloads/release_file/{files[-2]}/")
    record(staff, "DELETE", f"/api/v1/downloads/release_file/?release={release}")
    record(
        staff,
        "DELETE",
        f"/api/v2/downloads/release_file/delete_by_release/?release={release}&os=1",
    )
    solaris = db.session.scalar(sa.select(OS.api_id).where(OS.slug == "solaris"))
    record(staff, "DELETE", f"/api/v2/downloads/os/{solaris}/")
    record(staff, "DELETE", f"/api/v2/downloads/release/{release}/")

    page_body = {
        "title": "New page",
        "path": "/snapshot/new/",
        "content": "Some *text*.",
        "keywords": "a, b",
        "is_published": "false",
        "template_name": "",
    }
    record(staff, "POST", "/api/v1/pages/page/", page_body)
    new_page = db.session.scalar(
        sa.select(Page.api_id).where(Page.path == "snapshot/new")
    )
    record(staff, "GET", f"/api/v1/pages/page/{new_page}/")
    record("reader", "GET", f"/api/v1/pages/page/{new_page}/")
    record("reader", "GET", f"/api/v2/pages/page/{new_page}/")
    record(staff, "DELETE", f"/api/v1/pages/page/{new_page}/")
    record(staff, "GET", f"/api/v2/pages/page/{new_page}/")

    for who in ("anonymous", "staff"):
        for name in ("downloads/os", "downloads/release", "downloads/release_file"):
            record(who, "GET", f"/api/v1/{name}/?limit=0&after=writes")
            record(who, "GET", f"/api/v2/{name}/?after=writes")


def save(answers: dict[str, Any]) -> None:
    """Bodies are stored once each (most lists read alike for several callers)."""
    bodies: dict[str, str] = {}
    stored = {}
    for key, answer in answers.items():
        digest = hashlib.sha256(answer["body"].encode()).hexdigest()[:16]
        bodies[digest] = answer["body"]
        stored[key] = {**answer, "body": digest}
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text(
        json.dumps({"answers": stored, "bodies": bodies}, indent=1) + "\n"
    )


def load() -> dict[str, Any]:
    data = json.loads(SNAPSHOT.read_text())
    return {
        key: {**answer, "body": data["bodies"][answer["body"]]}
        for key, answer in data["answers"].items()
    }


def test_every_api_url_answers_as_recorded(client, callers, seeded, count_queries):
    """Status, headers, body and number of SQL statements of every request."""
    record = Recorder(client, callers, count_queries)
    read_everything(record)
    filter_everything(record)
    write_everything(record)
    if os.environ.get("API_SNAPSHOT_RECORD"):
        save(record.answers)
    expected = load()
    assert list(record.answers) == list(expected)
    different = [
        key for key, answer in record.answers.items() if answer != expected[key]
    ]
    assert different == [], (different[0], record.answers[different[0]])
