"""Rate limiting of the download API (configurable, off in tests) and the demo seed."""

import pytest
import sqlalchemy as sa

from pydotorg import create_app
from pydotorg.domains.downloads import seed
from pydotorg.domains.downloads.models import OS, Release, ReleaseFile
from pydotorg.extensions import db, limiter


def test_api_is_not_limited_in_tests(client):
    for _ in range(30):
        assert client.get("/api/v2/downloads/os/").status_code == 200


@pytest.fixture
def limited_app(app):
    limited = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "RATELIMIT_ENABLED": True,
            "API_RATELIMIT": "2 per minute",
        }
    )
    yield limited
    with limited.app_context():
        db.engine.dispose()


def test_api_answers_429_with_retry_after_when_limited(limited_app):
    client = limited_app.test_client()
    for _ in range(2):
        assert client.get("/api/v2/downloads/os/").status_code == 200
    v2 = client.get("/api/v2/downloads/os/")
    assert v2.status_code == 429
    assert 0 < int(v2.headers["Retry-After"]) <= 60
    assert v2.get_json()["detail"].startswith(
        "Request was throttled. Expected available in"
    )
    # One budget per client across the whole API: v1 (429 with an empty body),
    # and the pages API, are spent too.
    v1 = client.get("/api/v1/downloads/os/")
    assert v1.status_code == 429
    assert v1.data == b""
    assert int(v1.headers["Retry-After"]) > 0
    assert client.get("/api/v1/pages/page/").status_code == 429
    assert client.get("/api/v2/pages/page/").status_code == 429
    # Public pages are not API-limited.
    assert client.get("/downloads/feed.rss").status_code == 200


def test_the_api_budget_is_shared_by_all_its_parts(limited_app):
    client = limited_app.test_client()
    assert client.get("/api/v1/pages/page/").status_code == 200
    assert client.get("/api/v2/downloads/release/").status_code == 200
    assert client.get("/api/v1/downloads/release_file/").status_code == 429
    # Another client has its own budget.
    other = limited_app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.7"
    assert other.get("/api/v2/downloads/os/").status_code == 200


def test_limits_are_switched_per_app(limited_app, client):
    """An app built with limits on leaves the suite's app (limits off) alone."""
    for _ in range(5):
        assert client.get("/api/v2/downloads/os/").status_code == 200
    assert not limiter.enabled  # read from the current (suite) app's config


def test_seed_is_realistic_and_idempotent(session):
    seed.seed(session)
    counts = [
        session.scalar(sa.select(sa.func.count(m.id)))
        for m in (OS, Release, ReleaseFile)
    ]
    seed.seed(session)
    assert [
        session.scalar(sa.select(sa.func.count(m.id)))
        for m in (OS, Release, ReleaseFile)
    ] == counts
    ids = dict(session.execute(sa.select(OS.slug, OS.api_id)).all())
    assert ids == {"windows": 1, "macos": 2, "source": 3, "android": 4, "ios": 5}
    names = set(session.scalars(sa.select(Release.name)))
    assert {
        "Python 3.14.2",
        "Python 3.13.11",
        "Python 3.15.0a3",
        "Python 2.7.18",
    } <= names
    assert any(name.startswith("Python install manager") for name in names)
    for release in session.scalars(sa.select(Release)):
        by_os = {f.os.slug for f in release.files}
        if release.version.name == "PYTHON3":
            assert {"windows", "macos", "source"} <= by_os, release.name
    latest = session.scalars(
        sa.select(Release).where(Release.is_latest.is_(True))
    ).all()
    assert sorted(r.version.name for r in latest) == ["PYMANAGER", "PYTHON2", "PYTHON3"]
