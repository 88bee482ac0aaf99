"""Logging in with GitHub, against a fake OAuth provider on loopback."""

from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from pydotorg.domains.users.models import User
from pydotorg.domains.users.services.accounts import UserService
from pydotorg.extensions import db
from tests.factories.users import UserFactory


def start(client, next_url=None):
    """Begin the flow; return the state the provider would send back."""
    url = "/accounts/github/login/" + (f"?next={next_url}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.location).query)
    return response.location, query


def finish(client, state, code="good-code"):
    return client.get(f"/accounts/github/callback/?code={code}&state={state}")


def logged_in_user(client):
    with client.session_transaction() as flask_session:
        user_id = flask_session.get("_user_id")
    return UserService(db.session).user_for_session(user_id) if user_id else None


def test_button_is_hidden_and_routes_404_without_a_client_id(client):
    assert "Log in with GitHub" not in client.get("/accounts/login/").get_data(
        as_text=True
    )
    assert client.get("/accounts/github/login/").status_code == 404
    assert client.get("/accounts/github/callback/").status_code == 404


def test_button_shows_when_configured(client, fake_github):
    assert "Log in with GitHub" in client.get("/accounts/login/").get_data(as_text=True)
    assert "Sign up with GitHub" in client.get("/accounts/signup/").get_data(
        as_text=True
    )


def test_authorize_redirect_goes_to_the_provider_with_state(client, fake_github):
    location, query = start(client)
    assert location.startswith(f"{fake_github.base_url}/login/oauth/authorize?")
    assert query["client_id"] == ["test-client"]
    assert query["redirect_uri"] == ["http://localhost/accounts/github/callback/"]
    assert query["state"][0]


def test_a_new_github_user_gets_a_verified_account(client, fake_github, session):
    _, query = start(client, next_url="/users/edit/")
    response = finish(client, query["state"][0])
    assert response.status_code == 302
    assert response.location == "/users/edit/"
    user = logged_in_user(client)
    assert user.username == "octocat"
    assert user.email == "mona@example.com"
    assert user.email_verified and user.is_active
    assert (user.oauth_provider, user.oauth_id) == ("github", "4242")
    assert user.password_hash is None
    assert (user.first_name, user.last_name) == ("Mona", "Lisa")
    assert fake_github.token_requests[0]["code"] == ["good-code"]


def test_the_same_github_identity_signs_in_the_same_account(
    client, fake_github, session
):
    _, query = start(client)
    finish(client, query["state"][0])
    first = logged_in_user(client)
    with client.session_transaction() as flask_session:
        flask_session.clear()
    fake_github.emails = []  # the link no longer depends on the email
    _, query = start(client)
    finish(client, query["state"][0])
    assert logged_in_user(client).id == first.id
    count = db.session.scalar(sa.select(sa.func.count()).select_from(User))
    assert count == 1


def test_an_existing_verified_account_with_the_email_is_linked(
    client, fake_github, session
):
    existing = UserFactory(username="mona", email="Mona@Example.com")
    db.session.commit()
    _, query = start(client)
    finish(client, query["state"][0])
    assert logged_in_user(client).id == existing.id
    db.session.refresh(existing)
    assert (existing.oauth_provider, existing.oauth_id) == ("github", "4242")


def test_an_unverified_local_account_is_not_taken_over(client, fake_github, session):
    UserFactory(username="mona", email="mona@example.com", email_verified=False)
    db.session.commit()
    _, query = start(client)
    response = finish(client, query["state"][0])
    assert response.location == "/accounts/login/"
    assert logged_in_user(client) is None
    page = client.get("/accounts/login/").get_data(as_text=True)
    assert "exists but is not verified" in page


def test_unverified_github_emails_are_ignored(client, fake_github, session):
    fake_github.emails = [
        {"email": "mona@example.com", "verified": False, "primary": True}
    ]
    _, query = start(client)
    finish(client, query["state"][0])
    assert logged_in_user(client) is None
    assert db.session.scalar(sa.select(User).where(User.username == "octocat")) is None


def test_a_taken_or_reserved_login_gets_a_free_username(client, fake_github, session):
    UserFactory(username="OctoCat", email="someone@example.com")
    db.session.commit()
    _, query = start(client)
    finish(client, query["state"][0])
    assert logged_in_user(client).username == "octocat-2"


def test_a_wrong_state_is_refused(client, fake_github, session):
    start(client)
    response = finish(client, "forged-state")
    assert response.location == "/accounts/login/"
    assert logged_in_user(client) is None
    assert not fake_github.token_requests


def test_a_bad_code_is_refused(client, fake_github, session):
    _, query = start(client)
    response = finish(client, query["state"][0], code="bad-code")
    assert response.location == "/accounts/login/"
    assert logged_in_user(client) is None
    assert "GitHub login failed" in client.get("/accounts/login/").get_data(
        as_text=True
    )


def test_an_inactive_linked_account_cannot_log_in(client, fake_github, session):
    UserFactory(
        username="mona", oauth_provider="github", oauth_id="4242", is_active=False
    )
    db.session.commit()
    _, query = start(client)
    finish(client, query["state"][0])
    assert logged_in_user(client) is None


def test_an_unreachable_provider_is_a_message_not_a_500(client, fake_github, app):
    _, query = start(client)
    app.config["GITHUB_ACCESS_TOKEN_URL"] = "http://127.0.0.1:9/nothing"
    response = finish(client, query["state"][0])
    assert response.status_code == 302
    assert logged_in_user(client) is None
