"""Verification and password-reset links: signed, expiring, single use."""

import pytest

from pydotorg.domains.users.services.accounts import UserService
from pydotorg.extensions import db
from tests.factories.users import UserFactory
from tests.users.conftest import post_form

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def pending(session):
    user = UserFactory(
        username="pending", email="pending@example.com", email_verified=False
    )
    db.session.commit()
    return user


def verification_path(user):
    return (
        f"/accounts/confirm-email/{UserService(db.session).verification_token(user)}/"
    )


def reset_path(user):
    return f"/accounts/password/reset/{UserService(db.session).password_reset_token(user)}/"


def test_a_used_verification_link_is_refused_with_a_clear_message(client, pending):
    path = verification_path(pending)
    assert post_form(client, path, {}).status_code == 302
    assert pending.email_verified
    response = client.get(path)
    assert response.status_code == 400
    assert "This confirmation link has already been used." in response.get_data(
        as_text=True
    )


def test_an_expired_verification_link_is_refused_and_offers_a_new_one(
    client, app, pending, monkeypatch
):
    path = verification_path(pending)
    monkeypatch.setitem(app.config, "EMAIL_TOKEN_MAX_AGE", -1)
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This confirmation link has expired." in page
    assert 'href="/accounts/confirm-email/"' in page
    response = client.post(path, data={})
    assert response.status_code == 400
    db.session.refresh(pending)
    assert not pending.email_verified


def test_a_tampered_verification_link_is_refused(client, pending):
    path = verification_path(pending)
    response = client.get(path.replace("/confirm-email/", "/confirm-email/x"))
    assert response.status_code == 400
    assert "This confirmation link is invalid." in response.get_data(as_text=True)


def test_a_verification_link_for_an_old_address_is_refused(client, pending):
    path = verification_path(pending)
    pending.email = "changed@example.com"
    db.session.commit()
    assert client.get(path).status_code == 400


def test_a_reset_token_cannot_verify_an_email(client, pending):
    token = UserService(db.session).password_reset_token(pending)
    assert client.get(f"/accounts/confirm-email/{token}/").status_code == 400


def test_the_verification_token_does_not_carry_the_address(pending):
    import base64

    token = UserService(db.session).verification_token(pending)
    payload = token.split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"pending@example.com" not in decoded


def test_reset_request_answers_the_same_for_known_and_unknown_addresses(
    client, outbox, user
):
    db.session.commit()
    pages = []
    for email in (user.email, "nobody@example.com"):
        response = post_form(client, "/accounts/password/reset/", {"email": email})
        assert response.status_code == 302
        assert response.location == "/accounts/password/reset/"
        page = client.get(response.location).get_data(as_text=True)
        pages.append(page.replace(email, "X"))
    assert pages[0] == pages[1]
    assert len(outbox.rows(user.email, "password_reset")) == 1
    assert not outbox.rows("nobody@example.com")


def test_password_reset_link_changes_the_password_once(client, auth, outbox, user):
    db.session.commit()
    post_form(client, "/accounts/password/reset/", {"email": user.email})
    path = outbox.link(user.email, "password_reset")
    assert path.startswith("/accounts/password/reset/")
    response = post_form(
        client, path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert auth.login(user.username, NEW_PASSWORD).status_code == 302
    auth.logout()
    reused = client.get(path)
    assert reused.status_code == 400
    assert "This password reset link has already been used." in reused.get_data(
        as_text=True
    )


def test_an_expired_reset_link_is_refused(client, app, user, monkeypatch):
    db.session.commit()
    path = reset_path(user)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(path)
    assert response.status_code == 400
    assert "This password reset link has expired." in response.get_data(as_text=True)


def test_reset_with_mismatched_or_weak_passwords_changes_nothing(client, user):
    db.session.commit()
    old_hash = user.password_hash
    path = reset_path(user)
    mismatch = post_form(
        client, path, {"password1": NEW_PASSWORD, "password2": "something else!"}
    )
    assert "didn&#39;t match" in mismatch.get_data(as_text=True)
    weak = post_form(client, path, {"password1": "12345678", "password2": "12345678"})
    assert "entirely numeric" in weak.get_data(as_text=True)
    db.session.refresh(user)
    assert user.password_hash == old_hash


def test_reset_marks_an_unverified_address_verified(client, pending):
    path = reset_path(pending)
    post_form(client, path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    db.session.refresh(pending)
    assert pending.email_verified


def test_reset_mail_links_use_site_url_not_the_request_host(app, outbox, user):
    db.session.commit()
    with app.test_request_context("/", base_url="http://evil.example"):
        UserService(db.session).request_password_reset(user.email)
        db.session.commit()
    [row] = outbox.rows(user.email, "password_reset")
    [mail] = outbox.delivered(user.email, row.subject)
    assert "evil.example" not in mail
    assert "http://localhost/accounts/password/reset/" in mail


def test_password_change_needs_the_current_password(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    wrong = post_form(
        client,
        "/accounts/password/change/",
        {"old_password": "nope", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert "Your current password is not correct." in wrong.get_data(as_text=True)
    right = post_form(
        client,
        "/accounts/password/change/",
        {
            "old_password": "correct horse battery staple",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert right.status_code == 302
    auth.logout()
    assert auth.login(user.username, NEW_PASSWORD).status_code == 302


def test_password_change_requires_login(client):
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.location
