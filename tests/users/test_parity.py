"""python.org's account behaviours: Django's username characters, the announcements
"subscribe" mail, and the membership edit page without a membership."""

import pytest
import sqlalchemy as sa

from pydotorg.domains.users.models import User
from pydotorg.domains.users.services.accounts import UserService
from pydotorg.extensions import db
from tests.factories.users import MembershipFactory, UserFactory
from tests.users.conftest import post_form
from tests.users.test_membership import MEMBER_DATA
from tests.users.test_signup import signup_data


@pytest.mark.parametrize(
    "name", ["ada@work", "ada.lovelace+py", "a-b_c", "me@example.com"]
)
def test_usernames_accept_djangos_characters(client, outbox, name):
    response = post_form(client, "/accounts/signup/", signup_data(username=name))
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.scalar(sa.select(User).where(User.username == name))


def test_reserved_words_are_still_refused(session):
    service = UserService(db.session)
    for name in ("edit", "membership", "nominations", "api-keys"):
        assert service.username_problems(name) == [
            "This username is reserved. Please choose another."
        ]


def test_a_username_shaped_like_an_address_cannot_take_that_accounts_login(session):
    owner = UserFactory(username="owner", email="owner@example.com")
    UserFactory(username="owner@example.com", email="squatter@example.com")
    db.session.flush()
    assert UserService(db.session).find_by_login("Owner@Example.com") == owner


def test_a_profile_with_an_at_sign_is_served(client, session):
    user = UserFactory(username="ada@work")
    db.session.commit()
    response = client.get("/users/ada@work/")
    assert response.status_code == 200
    assert user.username in response.get_data(as_text=True)


def test_joining_with_announcements_mails_subscribe_to_the_request_address(
    client, auth, user, outbox, app
):
    db.session.commit()
    auth.login(user.username)
    response = post_form(client, "/users/membership/", MEMBER_DATA)
    assert response.status_code == 302
    [mail] = outbox.rows(template="psf_announce_subscribe")
    assert mail.recipient_email == app.config["PSF_ANNOUNCE_SUBSCRIBE_ADDRESS"]
    assert mail.recipient_email == "psf-members-announce-request@python.org"
    assert mail.sender == "ada@example.com"  # Mailman subscribes the From address
    assert mail.subject == "subscribe"


def test_the_request_address_is_a_setting(client, auth, user, outbox, app, monkeypatch):
    monkeypatch.setitem(
        app.config, "PSF_ANNOUNCE_SUBSCRIBE_ADDRESS", "announce-request@example.org"
    )
    db.session.commit()
    auth.login(user.username)
    post_form(client, "/users/membership/", MEMBER_DATA)
    [mail] = outbox.rows(template="psf_announce_subscribe")
    assert mail.recipient_email == "announce-request@example.org"


def test_no_subscribe_mail_without_announcements(client, auth, user, outbox):
    db.session.commit()
    auth.login(user.username)
    data = {k: v for k, v in MEMBER_DATA.items() if k != "psf_announcements"}
    assert post_form(client, "/users/membership/", data).status_code == 302
    assert outbox.rows(template="psf_announce_subscribe") == []


def test_opting_in_later_subscribes_once(client, auth, user, outbox):
    MembershipFactory(user=user, psf_announcements=False, email_address="m@example.com")
    db.session.commit()
    auth.login(user.username)
    data = {k: v for k, v in MEMBER_DATA.items() if k != "psf_code_of_conduct"}
    post_form(client, "/users/membership/edit/", data)
    post_form(client, "/users/membership/edit/", data)  # already subscribed
    [mail] = outbox.rows(template="psf_announce_subscribe")
    assert mail.sender == "ada@example.com"


def test_membership_edit_without_membership_is_a_404(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    assert client.get("/users/membership/edit/").status_code == 404
    assert client.post("/users/membership/edit/").status_code in (400, 404)
