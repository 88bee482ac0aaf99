"""API callers are found by the authenticator users registers with core; finding
them writes nothing, and the key's last use is recorded once the response is made."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pydotorg.core.api import set_key_authenticator, v1_user, v2_user
from pydotorg.domains.users.api import authenticate_api_key
from pydotorg.domains.users.services.api_keys import APIKeyService
from pydotorg.extensions import db
from tests.factories.users import UserFactory

OS_LIST = "/api/v2/downloads/os/"


@pytest.fixture
def key(session):
    user = UserFactory(username="release-manager")
    key, raw_key = APIKeyService(db.session).create(user, "ci")
    db.session.commit()
    return key, raw_key


@pytest.fixture
def commits(session):
    """The commits of the session, counted."""
    seen = []

    def count(session):
        seen.append(session)

    sa.event.listen(db.session, "after_commit", count)
    yield seen
    sa.event.remove(db.session, "after_commit", count)


def test_finding_the_caller_commits_and_changes_nothing(app, key, commits):
    key, raw_key = key
    with app.test_request_context(headers={"Authorization": f"Token {raw_key}"}):
        assert v2_user() == key.user
    with app.test_request_context(
        headers={"Authorization": f"ApiKey release-manager:{raw_key}"}
    ):
        assert v1_user() == key.user
    assert commits == []
    assert not db.session.dirty
    assert key.last_used_at is None


def test_a_request_with_a_key_records_the_keys_last_use(client, key):
    key, raw_key = key
    response = client.get(OS_LIST, headers={"Authorization": f"Token {raw_key}"})
    assert response.status_code == 200
    db.session.refresh(key)
    assert key.last_used_at is not None


def test_a_refused_key_records_nothing(client, key):
    key, raw_key = key
    key.user.is_active = False
    db.session.commit()
    response = client.get(OS_LIST, headers={"Authorization": f"Token {raw_key}"})
    assert response.status_code == 401
    db.session.refresh(key)
    assert key.last_used_at is None


def test_core_asks_whichever_authenticator_is_registered(app, client, session):
    staff = UserFactory(is_staff=True)
    db.session.commit()
    set_key_authenticator(app, lambda key, username: staff if key == "x" * 40 else None)
    try:
        allowed = client.get(OS_LIST, headers={"Authorization": f"Token {'x' * 40}"})
        refused = client.get(OS_LIST, headers={"Authorization": f"Token {'y' * 40}"})
    finally:
        set_key_authenticator(app, authenticate_api_key)
    assert allowed.status_code == 200
    assert refused.status_code == 401
