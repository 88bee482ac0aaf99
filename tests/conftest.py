"""Shared fixtures: one app per session, a rolled-back transaction per test."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from pydotorg import create_app
from pydotorg.extensions import db

pytest_plugins = ["tests.fixtures.live", "tests.fixtures.mail"]

TEST_PASSWORD = "correct horse battery staple"


def _database_uri(tmp: Path) -> str:
    """``DATABASE_URL`` when set (CI's PostgreSQL pass), else a scratch SQLite file."""
    from pydotorg.config import database_uri

    return database_uri(os.environ.get("DATABASE_URL"), str(tmp))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    tmp = tmp_path_factory.mktemp("pydotorg")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": _database_uri(tmp),
            "SERVER_NAME": None,
            "SITE_URL": "http://localhost",
            "MEDIA_ROOT": str(tmp / "media"),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast hashing in tests
            "RATELIMIT_ENABLED": False,
            "MAIL_SERVER": "",
            # No test is slow enough to see the menu cache expire mid-test.
            "MENU_CACHE_SECONDS": 3600,
            # Banners are read on every page, as before their per-process cache
            # (tests/banners/test_banner_cache.py turns it on).
            "BANNER_CACHE_SECONDS": 0,
            # Tests that cache responses give the app a fresh cache of their own.
            "RESPONSE_CACHE": "off",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _db_transaction(request: pytest.FixtureRequest, app: Flask) -> Iterator[None]:
    """Run every test inside a transaction that is rolled back afterwards.

    The session is handed the connection itself (not the engine), so a view's
    ``commit()`` only releases a SAVEPOINT inside our outer transaction.
    """
    if "live_db" in request.fixturenames:
        yield
        return
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        engines = db.engines
        with (
            mock.patch.dict(engines, {None: connection}),
            mock.patch.dict(
                db.session.session_factory.kw,
                {"join_transaction_mode": "create_savepoint"},
            ),
        ):
            db.session.remove()
            yield
            db.session.remove()
        transaction.rollback()
        connection.close()


@pytest.fixture(autouse=True)
def _fresh_menu_cache() -> None:
    """The menu cache is per process: no test sees another test's (rolled back) menu."""
    from pydotorg.domains.pages.menus import clear_menu_cache

    clear_menu_cache()


@pytest.fixture(autouse=True)
def _fresh_login_throttle(app: Flask) -> None:
    """Failed logins from 127.0.0.1 must not add up across tests (one app per session)."""
    from pydotorg.domains.users.throttle import reset_login_throttle

    with app.app_context():
        reset_login_throttle(app)


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def session(app_ctx: None) -> Any:
    return db.session


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no csrf_token in the page"
    return match.group(1)


class AuthActions:
    """Log in and out through the real login form (CSRF included)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def csrf_token(self, url: str = "/accounts/login/") -> str:
        return csrf_token_from(self.client.get(url).get_data(as_text=True))

    def login(self, username: str, password: str = TEST_PASSWORD) -> Any:
        token = self.csrf_token()
        return self.client.post(
            "/accounts/login/",
            data={"username": username, "password": password, "csrf_token": token},
        )

    def logout(self) -> Any:
        return self.client.post(
            "/accounts/logout/", data={"csrf_token": self.csrf_token("/")}
        )


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def user(session: Any) -> Any:
    from tests.factories.users import UserFactory

    return UserFactory()


@pytest.fixture
def staff_user(session: Any) -> Any:
    from tests.factories.users import UserFactory

    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def superuser(session: Any) -> Any:
    from tests.factories.users import UserFactory

    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client: FlaskClient, auth: AuthActions, superuser: Any) -> FlaskClient:
    """A client logged in as a superuser."""
    db.session.commit()
    auth.login(superuser.username)
    return client


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Any:
    """``with count_queries() as counter: ...; assert counter.count <= 3``."""

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        from pydotorg.domains.pages.menus import menu_tree

        # Every page shows the menu, read once per process: count with it loaded.
        with app.app_context():
            menu_tree(db.session)
        counter = QueryCounter()

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if (
                not statement.lstrip()
                .upper()
                .startswith(("SAVEPOINT", "RELEASE", "ROLLBACK"))
            ):
                counter.statements.append(statement)

        sa.event.listen(sa.engine.Engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(sa.engine.Engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def media_root(app: Flask) -> Path:
    path = Path(app.config["MEDIA_ROOT"])
    path.mkdir(parents=True, exist_ok=True)
    return path


__all__ = ["TEST_PASSWORD", "AuthActions", "csrf_token_from"]


@pytest.fixture
def response_cache(app: Flask) -> Iterator[Any]:
    """A fresh per-process response cache for this test (the suite runs without one)."""
    from flask_caching.backends import SimpleCache

    from pydotorg.core.response_cache import EXTENSION, ResponseCache

    previous = app.extensions[EXTENSION]
    cache = ResponseCache(
        SimpleCache(threshold=0), SimpleCache(threshold=0), timeout=3600
    )
    app.extensions[EXTENSION] = cache
    yield cache
    app.extensions[EXTENSION] = previous
