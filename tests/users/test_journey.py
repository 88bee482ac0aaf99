"""A newcomer's whole journey, as a browser would make it, with mail over real SMTP."""

import re
from urllib.parse import urlsplit

from pydotorg.domains.users.models import MembershipType
from pydotorg.domains.users.services.accounts import UserService
from pydotorg.domains.users.services.membership import MembershipService
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.users.conftest import post_form

PASSWORD = "swallows carry coconuts"


def link_in(smtp_server, to):
    [message] = [m for m in smtp_server.messages if m["To"] == to]
    url = re.search(r"https?://\S+", smtp_server.text(message)).group(0)
    return urlsplit(url).path


def test_signup_verify_login_profile_membership_and_vote(
    client, auth, smtp_server, mail_templates
):
    # Sign up: the verification mail arrives at the SMTP server on loopback.
    response = post_form(
        client,
        "/accounts/signup/",
        {
            "username": "brian",
            "email": "brian@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["Subject"] == "Confirm your email address on Python.org"
    verify_path = link_in(smtp_server, "brian@example.com")

    # Not verified yet: logging in is refused with a hint.
    refused = auth.login("brian", PASSWORD)
    assert b"Please verify your email address" in refused.data

    # Verify, then log in.
    assert client.get(verify_path).status_code == 200
    assert post_form(client, verify_path, {}).location == "/accounts/login/"
    assert auth.login("brian@example.com", PASSWORD).location == "/"

    # Edit the profile.
    response = post_form(
        client,
        "/users/edit/",
        {
            "first_name": "Brian",
            "last_name": "Cohen",
            "bio": "Not the *messiah*.",
            "public_profile": "y",
            "search_visibility": "PUBLIC",
            "email_privacy": "PRIVATE",
        },
    )
    assert response.location == "/users/brian/"
    profile = client.get("/users/brian/").get_data(as_text=True)
    assert "Brian Cohen" in profile and "<em>messiah</em>" in profile

    # Become a PSF Basic member: a welcome mail is sent too.
    response = post_form(
        client,
        "/users/membership/",
        {
            "legal_name": "Brian Cohen",
            "preferred_name": "Brian",
            "email_address": "brian@example.com",
            "city": "Nazareth",
            "region": "Galilee",
            "country": "Judea",
            "postal_code": "33",
            "psf_code_of_conduct": "y",
        },
    )
    assert response.location == "/users/membership/edit/"
    assert any(
        m["Subject"] == "Welcome to the Python Software Foundation"
        for m in smtp_server.messages
    )

    # Affirm the intention to vote.
    page = client.get("/users/membership/edit/").get_data(as_text=True)
    assert "I affirm that I intend to vote" in page
    response = client.post(
        "/users/membership/affirm/", data={"csrf_token": csrf_token_from(page)}
    )
    assert response.status_code == 302

    user = UserService(db.session).find_by_username("brian")
    membership = MembershipService(db.session).for_user(user)
    assert user.email_verified and user.first_name == "Brian"
    assert membership.membership_type is MembershipType.BASIC
    assert membership.votes and membership.last_vote_affirmation is not None
    assert "You last affirmed your intention to vote" in client.get(
        "/users/membership/edit/"
    ).get_data(as_text=True)
