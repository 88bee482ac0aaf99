"""Profile pages, their privacy rules, editing, and self-deactivation."""

import re

import pytest

from pydotorg.domains.users.models import EmailPrivacy, SearchVisibility
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.users import UserFactory
from tests.users.conftest import post_form


@pytest.fixture
def viewer(session):
    return UserFactory(username="viewer")


def profile_of(**attributes):
    user = UserFactory(username="owner", email="owner@example.com", **attributes)
    db.session.commit()
    return user


def test_a_public_profile_is_shown_to_everyone(client):
    profile_of(first_name="Ada", last_name="Lovelace")
    response = client.get("/users/owner/")
    assert response.status_code == 200
    assert "Ada Lovelace" in response.get_data(as_text=True)


def test_usernames_in_urls_are_case_insensitive(client):
    profile_of()
    assert client.get("/users/OWNER/").status_code == 200


@pytest.mark.parametrize(
    "attributes",
    [
        {"public_profile": False},
        {"search_visibility": SearchVisibility.PRIVATE},
        {"is_active": False},
    ],
)
def test_a_private_or_inactive_profile_is_404_to_others(
    client, auth, viewer, attributes
):
    profile_of(**attributes)
    assert client.get("/users/owner/").status_code == 404
    auth.login("viewer")
    assert client.get("/users/owner/").status_code == 404


def test_the_owner_always_sees_their_own_private_profile(client, auth):
    profile_of(public_profile=False, search_visibility=SearchVisibility.PRIVATE)
    auth.login("owner")
    response = client.get("/users/owner/")
    assert response.status_code == 200
    assert "only you can see this page" in response.get_data(as_text=True)


def test_unknown_user_is_404(client):
    assert client.get("/users/nobody-here/").status_code == 404


def email_shown(client):
    return "owner@example.com" in client.get("/users/owner/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("privacy", "anonymous", "logged_in"),
    [
        (EmailPrivacy.PUBLIC, True, True),
        (EmailPrivacy.PRIVATE, False, True),
        (EmailPrivacy.NEVER, False, False),
    ],
)
def test_email_visibility_follows_email_privacy(
    client, auth, viewer, privacy, anonymous, logged_in
):
    profile_of(email_privacy=privacy)
    assert email_shown(client) is anonymous
    auth.login("viewer")
    assert email_shown(client) is logged_in
    auth.logout()
    auth.login("owner")
    assert email_shown(client) is True  # the owner always sees their own address


def test_email_privacy_defaults_to_never(client):
    user = profile_of()
    assert user.email_privacy is EmailPrivacy.NEVER
    assert not email_shown(client)


def test_edit_profile_saves_names_bio_and_privacy(client, auth):
    profile_of()
    auth.login("owner")
    page = client.get("/users/edit/").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="email_privacy"[^>]*value="NEVER"', page)
    response = post_form(
        client,
        "/users/edit/",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "bio": "I like **compilers**.\n\n<script>alert(1)</script>",
            "public_profile": "y",
            "search_visibility": "PUBLIC",
            "email_privacy": "PUBLIC",
        },
    )
    assert response.status_code == 302
    assert response.location == "/users/owner/"
    html = client.get("/users/owner/").get_data(as_text=True)
    assert "Grace Hopper" in html
    assert "<strong>compilers</strong>" in html
    assert "<script>alert(1)" not in html
    auth.logout()
    assert email_shown(client)


def test_edit_profile_refuses_a_filled_honeypot_and_saves_nothing(client, auth):
    user = profile_of(first_name="Old")
    auth.login("owner")
    response = post_form(
        client,
        "/users/edit/",
        {
            "first_name": "Spam",
            "search_visibility": "PUBLIC",
            "email_privacy": "NEVER",
            "email_body_text": "http://spam.example",
        },
    )
    assert response.status_code == 200
    assert "Your submission could not be processed." in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.first_name == "Old"


def test_edit_profile_refuses_an_unknown_privacy_choice(client, auth):
    user = profile_of()
    auth.login("owner")
    response = post_form(
        client,
        "/users/edit/",
        {"search_visibility": "EVERYONE", "email_privacy": "NEVER"},
    )
    assert response.status_code == 200
    db.session.refresh(user)
    assert user.search_visibility is SearchVisibility.PUBLIC


def test_edit_profile_requires_login(client):
    assert "/accounts/login/" in client.get("/users/edit/").location


def test_deactivation_needs_confirmation(client, auth):
    user = profile_of()
    auth.login("owner")
    token = csrf_token_from(client.get("/users/edit/").get_data(as_text=True))
    response = client.post("/users/owner/delete/", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.location == "/users/edit/"
    db.session.refresh(user)
    assert user.is_active


def test_self_deactivation_logs_out_and_blocks_login_but_keeps_content(client, auth):
    user = profile_of()
    auth.login("owner")
    token = csrf_token_from(client.get("/users/edit/").get_data(as_text=True))
    response = client.post(
        "/users/owner/delete/", data={"csrf_token": token, "confirm": "y"}
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert not user.is_active
    assert db.session.get(type(user), user.id) is not None  # deactivated, not deleted
    with client.session_transaction() as flask_session:
        assert "_user_id" not in flask_session
    assert b"This account is inactive." in auth.login("owner").data
    assert client.get("/users/owner/").status_code == 404


def test_nobody_can_deactivate_someone_else(client, auth, viewer):
    owner = profile_of()
    auth.login("viewer")
    token = csrf_token_from(client.get("/users/edit/").get_data(as_text=True))
    response = client.post(
        "/users/owner/delete/", data={"csrf_token": token, "confirm": "y"}
    )
    assert response.status_code == 403
    db.session.refresh(owner)
    assert owner.is_active


def test_deactivation_is_post_only(client, auth):
    profile_of()
    auth.login("owner")
    assert client.get("/users/owner/delete/").status_code == 405


def test_profile_page_runs_a_fixed_number_of_queries(client, count_queries):
    profile_of()
    client.get("/users/owner/")
    with count_queries() as counter:
        assert client.get("/users/owner/").status_code == 200
    first = counter.count
    for n in range(5):
        UserFactory(username=f"other{n}")
    db.session.commit()
    with count_queries() as counter:
        client.get("/users/owner/")
    assert counter.count == first <= 4
