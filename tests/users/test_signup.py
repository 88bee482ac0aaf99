"""Signing up: validation, the email-enumeration guard, verification and resending."""

import re

import pytest
import sqlalchemy as sa

from pydotorg.domains.users.models import User
from pydotorg.domains.users.services.accounts import AccountValidationError, UserService
from pydotorg.extensions import db
from tests.factories.users import UserFactory
from tests.users.conftest import post_form

GOOD_PASSWORD = "a long and unusual passphrase"


def signup_data(**overrides):
    data = {
        "username": "newbie",
        "email": "newbie@example.com",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "email_body_text": "",
    }
    data.update(overrides)
    return data


def user_count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(User))


def test_signup_page_has_the_fields_csrf_and_an_empty_honeypot(client):
    html = client.get("/accounts/signup/").get_data(as_text=True)
    for name in ("username", "email", "password1", "password2", "csrf_token"):
        assert f'name="{name}"' in html
    assert re.search(
        r'<div hidden[^>]*>\s*<label[^>]*>[^<]*</label>\s*<input[^>]*name="email_body_text"[^>]*value=""',
        html,
    )


def test_signup_creates_an_unverified_user_and_mails_a_link(client, outbox):
    response = post_form(client, "/accounts/signup/", signup_data())
    assert response.status_code == 302
    assert response.location == "/accounts/confirm-email/"
    user = db.session.scalar(sa.select(User).where(User.username == "newbie"))
    assert user is not None and not user.email_verified and user.is_active
    assert user.password_hash != GOOD_PASSWORD
    link = outbox.link("newbie@example.com", "account_verification")
    assert link.startswith("/accounts/confirm-email/")
    page = client.get(response.location).get_data(as_text=True)
    assert "We have sent an email to newbie@example.com" in page


def test_signup_with_a_registered_email_looks_exactly_like_a_fresh_one(
    client, outbox, session
):
    owner = UserFactory(username="owner", email="taken@example.com")
    db.session.commit()
    before = user_count()

    fresh = post_form(
        client, "/accounts/signup/", signup_data(email="fresh@example.com")
    )
    fresh_page = client.get(fresh.location).get_data(as_text=True)
    taken = post_form(
        client,
        "/accounts/signup/",
        signup_data(username="someone", email="taken@example.com"),
    )
    taken_page = client.get(taken.location).get_data(as_text=True)

    assert (fresh.status_code, fresh.location) == (taken.status_code, taken.location)
    assert fresh_page.replace("fresh@", "X@") == taken_page.replace("taken@", "X@")
    assert user_count() == before + 1  # only the fresh address made an account
    assert db.session.scalar(sa.select(User).where(User.username == "someone")) is None
    # The real owner hears about it (a reset link), and nobody else does.
    assert outbox.rows("taken@example.com", "password_reset")
    assert not outbox.rows("taken@example.com", "account_verification")
    assert owner.email == "taken@example.com"


def test_registered_email_matches_case_insensitively(client, outbox, session):
    UserFactory(username="owner", email="Taken@Example.com")
    db.session.commit()
    before = user_count()
    post_form(client, "/accounts/signup/", signup_data(email="taken@EXAMPLE.com"))
    assert user_count() == before
    assert outbox.rows("Taken@Example.com", "password_reset")


def assert_refused(response, message, before):
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user_count() == before


def test_duplicate_username_in_another_case_is_a_form_error(client, outbox, session):
    UserFactory(username="Guido")
    db.session.commit()
    before = user_count()
    response = post_form(client, "/accounts/signup/", signup_data(username="gUIDO"))
    assert_refused(response, "A user with that username already exists.", before)
    assert not outbox.rows()


def test_mismatched_passwords_are_a_form_error(client, outbox):
    before = user_count()
    response = post_form(
        client, "/accounts/signup/", signup_data(password2="something else entirely")
    )
    assert_refused(response, "The two password fields didn&#39;t match.", before)


def test_a_filled_honeypot_is_refused_with_a_generic_error(client, outbox):
    before = user_count()
    response = post_form(
        client, "/accounts/signup/", signup_data(email_body_text="buy cheap pills")
    )
    assert_refused(response, "Your submission could not be processed.", before)
    assert not outbox.rows()


def test_non_ascii_and_newline_usernames_are_refused(client, outbox):
    before = user_count()
    for name in ("güido", "bad\nname", "two words", "a/b", "..", "."):
        response = post_form(client, "/accounts/signup/", signup_data(username=name))
        assert_refused(response, "Use only ASCII letters", before)


def test_reserved_usernames_are_refused(client, outbox):
    before = user_count()
    for name in ("edit", "Membership", "api-keys", "user-groups"):
        response = post_form(client, "/accounts/signup/", signup_data(username=name))
        assert_refused(response, "This username is reserved.", before)


def test_weak_passwords_are_refused(client, outbox):
    before = user_count()
    cases = {
        "short1": "at least 8 characters",
        "1234567890123": "entirely numeric",
        "password123": "too common",
        "newbie-rocks-2024": "too similar",
    }
    for password, message in cases.items():
        response = post_form(
            client,
            "/accounts/signup/",
            signup_data(password1=password, password2=password),
        )
        assert_refused(response, message, before)


def test_invalid_email_is_refused(client, outbox):
    before = user_count()
    response = post_form(client, "/accounts/signup/", signup_data(email="not-an-email"))
    assert_refused(response, "Enter a valid email address.", before)


def test_signup_without_csrf_is_refused(client, outbox):
    before = user_count()
    response = client.post("/accounts/signup/", data=signup_data())
    assert response.status_code in (200, 400)
    assert user_count() == before


def test_unverified_login_is_told_to_verify_and_offered_a_resend(client, auth, session):
    UserFactory(username="pending", email="pending@example.com", email_verified=False)
    db.session.commit()
    response = auth.login("pending@example.com")
    page = response.get_data(as_text=True)
    assert "Please verify your email address before logging in." in page
    assert "/accounts/confirm-email/?email=pending@example.com" in page
    with client.session_transaction() as flask_session:
        assert "_user_id" not in flask_session


def test_resend_mails_a_new_link_only_to_unverified_accounts(client, outbox, session):
    UserFactory(username="pending", email="pending@example.com", email_verified=False)
    UserFactory(username="done", email="done@example.com")
    db.session.commit()
    pages = []
    for email in ("pending@example.com", "done@example.com", "nobody@example.com"):
        response = post_form(client, "/accounts/confirm-email/", {"email": email})
        assert response.status_code == 302
        pages.append(client.get(response.location).get_data(as_text=True))
    assert len(outbox.rows("pending@example.com", "account_verification")) == 1
    assert not outbox.rows("done@example.com")
    assert not outbox.rows("nobody@example.com")
    assert "We have sent an email to nobody@example.com" in pages[2]


def test_verification_link_verifies_and_allows_login(client, auth, outbox):
    post_form(client, "/accounts/signup/", signup_data())
    link = outbox.link("newbie@example.com", "account_verification")
    page = client.get(link)
    assert page.status_code == 200
    assert "newbie@example.com" in page.get_data(as_text=True)
    response = post_form(client, link, {})
    assert response.status_code == 302
    assert response.location == "/accounts/login/"
    response = auth.login("newbie", GOOD_PASSWORD)
    assert response.status_code == 302


def test_logged_in_users_are_sent_home_from_signup(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    assert client.get("/accounts/signup/").status_code == 302


def test_the_database_also_refuses_case_variants(session):
    UserFactory(username="Guido", email="guido@example.com")
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        UserFactory(username="GUIDO", email="other@example.com")
    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        UserFactory(username="other", email="GUIDO@example.com")


def test_a_sign_up_that_loses_a_race_is_a_form_error(session, app, monkeypatch):
    UserFactory(username="racer", email="racer@example.com")
    service = UserService(db.session)
    # The check passed just before the other sign-up committed.
    monkeypatch.setattr(service, "username_problems", lambda name: [])
    with app.test_request_context(), pytest.raises(AccountValidationError) as error:
        service.sign_up("RACER", "new@example.com", GOOD_PASSWORD)
    assert "username" in error.value.errors
    assert user_count() == 1
