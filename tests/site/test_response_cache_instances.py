"""Two app instances on one PostgreSQL database and one Redis, as two machines (or
two workers of one machine sharing the file cache): a write through one is seen at
once through the other."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from pydotorg import create_app
from pydotorg.domains.downloads.models import Release
from pydotorg.domains.users.models import User
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def shared_database() -> Iterator[str]:
    """A scratch PostgreSQL database, dropped afterwards."""
    server = sa.create_engine(SERVER, isolation_level="AUTOCOMMIT")
    try:
        connection = server.connect()
    except sa.exc.OperationalError as error:
        pytest.skip(f"PostgreSQL does not answer on 127.0.0.1:5432: {error}")
    name = f"pydotorg_instances_{uuid.uuid4().hex[:8]}"
    with connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(SERVER).set(database=name).render_as_string(False)
    finally:
        with server.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in Redis database 15, emptied afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"Redis does not answer on 127.0.0.1:6379: {error}")
    prefix = f"pydotorg-test-{uuid.uuid4().hex[:8]}"
    yield prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    client.close()


def instance(database: str, **settings: str):
    return create_app(
        {
            **settings,
            "TESTING": True,
            "SECRET_KEY": "two-instances",
            "SQLALCHEMY_DATABASE_URI": database,
            "SERVER_NAME": None,
            "SITE_URL": "http://localhost",
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "",
        }
    )


def test_a_write_through_one_instance_is_seen_at_once_through_the_other(
    live_db, shared_database, redis_prefix
):
    settings = {
        "REDIS_URL": REDIS_URL,
        "RESPONSE_CACHE": "auto",
        "RESPONSE_CACHE_PREFIX": redis_prefix,
    }
    check_two_instances(shared_database, settings)


def test_workers_of_one_machine_share_the_file_cache(live_db, tmp_path):
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    settings = {
        "REDIS_URL": "",
        "RESPONSE_CACHE": "auto",
        "RESPONSE_CACHE_DIR": str(tmp_path / "cache"),
    }
    check_two_instances(database, settings)
    assert len(list((tmp_path / "cache").glob("*/entries"))) == 1


def check_two_instances(database: str, settings: dict[str, str]) -> None:
    first, second = instance(database, **settings), instance(database, **settings)
    with first.app_context():
        db.create_all()
        staff = User(
            username="releasebot",
            email="bot@example.com",
            is_staff=True,
            is_active=True,
        )
        db.session.add(staff)
        db.session.add(Release(name="Python 3.13.0", is_published=True))
        _, key = APIKeyService(db.session).create(staff, "release tools")
        db.session.commit()
    try:
        a, b = first.test_client(), second.test_client()
        urls = ("/downloads/", "/api/v2/downloads/release/", "/downloads/feed.rss")
        for url in urls:
            assert b.get(url).headers["X-Cache"] == "MISS", url
            assert a.get(url).headers["X-Cache"] == "HIT", url  # one shared cache
            assert b.get(url).headers["X-Cache"] == "HIT", url
        response = a.post(
            "/api/v2/downloads/release/",
            json={
                "name": "Python 3.14.0",
                "is_published": True,
                "release_date": "2025-10-07T14:00:00Z",
                "version": 3,
            },
            headers={"Authorization": f"Token {key}"},
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        for url in urls:
            seen = b.get(url)
            assert seen.headers["X-Cache"] == "MISS", url
            assert b"Python 3.14.0" in seen.data, url
            assert a.get(url).headers["X-Cache"] == "HIT", url
    finally:
        for app in (first, second):
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
