"""API keys: the account page, the admin, the CLI, and authentication."""

import re

import pytest
import sqlalchemy as sa

from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.users.models import ApiKey
from pydotorg.domains.users.services.api_keys import APIKeyService, hash_api_key
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.users import ApiKeyFactory, UserFactory
from tests.fixtures.admin_forms import admin_action, admin_form
from tests.users.conftest import post_form

RAW_KEY = re.compile(r'<pre class="api-key">([0-9a-f]{40})</pre>')


def keys_of(user):
    return list(db.session.scalars(sa.select(ApiKey).where(ApiKey.user_id == user.id)))


def test_the_key_page_requires_login(client):
    assert "/accounts/login/" in client.get("/users/api-keys/").location


NONCE = re.compile(r'name="nonce" type="hidden" value="([^"]+)"')


def key_form(client):
    """The key page's form fields (CSRF token and one-time nonce)."""
    page = client.get("/users/api-keys/").get_data(as_text=True)
    return {"csrf_token": csrf_token_from(page), "nonce": NONCE.search(page).group(1)}


def test_a_user_creates_a_key_that_is_shown_once(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    response = client.post(
        "/users/api-keys/", data={**key_form(client), "name": "laptop"}
    )
    assert response.status_code == 200
    raw_key = RAW_KEY.search(response.get_data(as_text=True)).group(1)
    [key] = keys_of(user)
    assert key.name == "laptop"
    assert key.key_hash == hash_api_key(raw_key) != raw_key
    assert key.key_prefix == raw_key[:8]
    again = client.get("/users/api-keys/").get_data(as_text=True)
    assert raw_key not in again
    assert f"{raw_key[:8]}…" in again
    assert APIKeyService(db.session).authenticate(raw_key) == user


def test_refreshing_the_new_key_page_creates_no_second_key(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    data = {**key_form(client), "name": "laptop"}
    first = client.post("/users/api-keys/", data=data)
    assert RAW_KEY.search(first.get_data(as_text=True))

    # The browser's refresh re-sends the same body, nonce included.
    again = client.post("/users/api-keys/", data=data)

    assert again.status_code == 302
    assert again.location.endswith("/users/api-keys/")
    page = client.get(again.location).get_data(as_text=True)
    assert "no new key was created" in page
    assert not RAW_KEY.search(page)
    assert len(keys_of(user)) == 1


def test_a_post_without_a_nonce_creates_no_key(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    response = post_form(client, "/users/api-keys/", {"name": "script"})
    assert response.status_code == 302
    assert keys_of(user) == []


def test_the_page_after_a_new_key_can_create_another(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    tab_a, tab_b = key_form(client), key_form(client)  # two open tabs
    first = client.post("/users/api-keys/", data={**tab_a, "name": "a"})
    client.post("/users/api-keys/", data={**tab_b, "name": "b"})
    # The form shown with the new key carries a fresh nonce.
    page = first.get_data(as_text=True)
    fresh = {"csrf_token": tab_a["csrf_token"], "nonce": NONCE.search(page).group(1)}
    assert fresh["nonce"] != tab_a["nonce"]
    client.post("/users/api-keys/", data={**fresh, "name": "c"})
    assert sorted(key.name for key in keys_of(user)) == ["a", "b", "c"]


def test_a_user_revokes_their_own_key(client, auth, user):
    key = ApiKeyFactory(user=user)
    db.session.commit()
    auth.login(user.username)
    token = csrf_token_from(client.get("/users/api-keys/").get_data(as_text=True))
    response = client.post(
        f"/users/api-keys/{key.id}/revoke/", data={"csrf_token": token}
    )
    assert response.status_code == 302
    db.session.refresh(key)
    assert key.is_revoked
    assert "revoked" in client.get("/users/api-keys/").get_data(as_text=True)


def test_nobody_revokes_someone_elses_key(client, auth, user):
    other_key = ApiKeyFactory()
    db.session.commit()
    auth.login(user.username)
    token = csrf_token_from(client.get("/users/api-keys/").get_data(as_text=True))
    for key_id in (other_key.id, "not-a-uuid"):
        response = client.post(
            f"/users/api-keys/{key_id}/revoke/", data={"csrf_token": token}
        )
        assert response.status_code == 404
    db.session.refresh(other_key)
    assert not other_key.is_revoked


def test_revoked_and_inactive_owners_keys_are_refused(session):
    service = APIKeyService(db.session)
    user = UserFactory()
    key, raw_key = service.create(user, "k")
    assert service.authenticate(raw_key, user.username.upper()) == user
    assert service.authenticate(raw_key, "someone-else") is None
    user.is_active = False
    assert service.authenticate(raw_key) is None
    user.is_active = True
    service.revoke(key)
    assert service.authenticate(raw_key) is None


def test_who_may_create_keys_for_whom(session):
    service = APIKeyService(db.session)
    user, other = UserFactory(), UserFactory()
    staff = UserFactory(is_staff=True)
    other_staff = UserFactory(is_staff=True)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    service.create(user, by=user)
    service.create(user, by=staff)
    service.create(other_staff, by=superuser)
    with pytest.raises(PermissionDenied):
        service.create(other, by=user)
    with pytest.raises(PermissionDenied):
        service.create(other_staff, by=staff)
    other.is_active = False
    with pytest.raises(PermissionDenied):
        service.create(other)


def test_cli_prints_the_bare_key_on_its_last_line(runner, session):
    user = UserFactory(username="release-manager")
    db.session.commit()
    result = runner.invoke(
        args=[
            "users",
            "create-api-key",
            "--username",
            "Release-Manager",
            "--name",
            "ci",
        ]
    )
    assert result.exit_code == 0, result.output
    raw_key = result.output.strip().splitlines()[-1]
    assert re.fullmatch(r"[0-9a-f]{40}", raw_key)
    assert APIKeyService(db.session).authenticate(raw_key) == user
    assert keys_of(user)[0].name == "ci"


def test_cli_refuses_an_unknown_user(runner, session):
    result = runner.invoke(args=["users", "create-api-key", "--username", "ghost"])
    assert result.exit_code != 0
    assert "No user named 'ghost'" in result.output


def test_staff_create_a_key_in_the_admin_and_see_it_once(staff_client, session):
    owner = UserFactory(username="uploader")
    db.session.commit()
    response = admin_form(
        staff_client,
        "/admin/api_keys/new/",
        {"user": str(owner.id), "name": "release tooling"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    [key] = keys_of(owner)
    raw_key = re.search(r"New API key for uploader: ([0-9a-f]{40})", html).group(1)
    assert hash_api_key(raw_key) == key.key_hash
    assert key.name == "release tooling"
    assert raw_key not in staff_client.get("/admin/api_keys/").get_data(as_text=True)


def test_the_admin_key_form_needs_a_user(staff_client, session):
    before = db.session.scalar(sa.select(sa.func.count()).select_from(ApiKey))
    response = admin_form(staff_client, "/admin/api_keys/new/", {"name": "x"})
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiKey)) == before


def test_staff_revoke_keys_in_the_admin(staff_client, session):
    keys = [ApiKeyFactory(), ApiKeyFactory()]
    db.session.commit()
    admin_action(staff_client, "api_keys", "revoke", [keys[0].id])
    for key in keys:
        db.session.refresh(key)
    assert keys[0].is_revoked and not keys[1].is_revoked


def test_who_may_revoke_keys_of_whom(session):
    service = APIKeyService(db.session)
    user = UserFactory()
    staff, other_staff = UserFactory(is_staff=True), UserFactory(is_staff=True)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    user_key, staff_key, superuser_key = (
        ApiKeyFactory(user=owner) for owner in (user, other_staff, superuser)
    )

    for key, by in ((superuser_key, staff), (staff_key, staff), (staff_key, user)):
        with pytest.raises(PermissionDenied):
            service.revoke(key, by=by)
        assert not key.is_revoked
    service.revoke(user_key, by=staff)
    service.revoke(staff_key, by=superuser)
    service.revoke(superuser_key, by=superuser)
    assert user_key.is_revoked and staff_key.is_revoked and superuser_key.is_revoked


def test_a_staffer_cannot_revoke_a_superusers_key_in_the_admin(app, session):
    staffer = UserFactory(username="staffer", is_staff=True)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    key, user_key = ApiKeyFactory(user=superuser), ApiKeyFactory()
    db.session.commit()
    client = app.test_client()
    post_form(
        client,
        "/accounts/login/",
        {"username": staffer.username, "password": "correct horse battery staple"},
    )

    page = admin_action(client, "api_keys", "revoke", [key.id, user_key.id])

    db.session.refresh(key)
    db.session.refresh(user_key)
    assert not key.is_revoked and user_key.is_revoked
    text = page.get_data(as_text=True)
    assert "Only a superuser can manage the keys" in text
    assert "1 key(s) revoked." in text
