"""Fixtures for the downloads tests: python.org's operating systems and API keys."""

import threading

import pytest
from werkzeug.serving import make_server

from pydotorg.domains.downloads.models import OS
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.factories.users import UserFactory

PYTHON_ORG_OSES = (
    (1, "windows", "Windows"),
    (2, "macos", "macOS"),
    (3, "source", "Source release"),
    (4, "android", "Android"),
    (5, "ios", "iOS"),
)


@pytest.fixture
def oses(session):
    """The five operating systems with python.org's ids, keyed by slug."""
    rows = {}
    for api_id, slug, name in PYTHON_ORG_OSES:
        rows[slug] = OS(api_id=api_id, slug=slug, name=name)
        session.add(rows[slug])
    session.flush()
    return rows


@pytest.fixture
def staff_key(session):
    """(user, raw key) for an active staff user."""
    user = UserFactory(username="releasebot", is_staff=True)
    _, raw = APIKeyService(db.session).create(user, "release tools")
    return user, raw


@pytest.fixture
def user_key(session):
    user = UserFactory(username="reader")
    _, raw = APIKeyService(db.session).create(user, "reader")
    return user, raw


@pytest.fixture
def v1_staff(staff_key):
    user, raw = staff_key
    return {"Authorization": f"ApiKey {user.username}:{raw}"}


@pytest.fixture
def v2_staff(staff_key):
    return {"Authorization": f"Token {staff_key[1]}"}


@pytest.fixture
def downloads_server(app, live_db):
    """The app on a real loopback port (real commits; tables emptied afterwards)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
