"""Account guards: look-alike addresses, reset links after an address change,
timing that would reveal accounts, plain staff reaching staff accounts through
the admin, and addresses or URLs that must be real."""

import sqlalchemy as sa

from pydotorg.domains.users.models import User, UserGroup
from pydotorg.extensions import db
from tests.factories.users import UserFactory, UserGroupFactory
from tests.fixtures.admin_forms import admin_form, admin_post
from tests.users.conftest import post_form
from tests.users.test_membership import MEMBER_DATA
from tests.users.test_signup import signup_data, user_count


def test_non_ascii_mailbox_names_are_refused_and_save_nothing(client, outbox):
    before = user_count()
    # SQLite's lower() leaves É alone, so these two would both register;
    # a fullwidth "a" (U+FF41) reads as an existing "a" address.
    for n, email in enumerate(("ÉMILE@example.com", "\uff41lice@example.com")):
        response = post_form(
            client,
            "/accounts/signup/",
            signup_data(username=f"lookalike{n}", email=email),
        )
        assert response.status_code == 200
        assert "Enter a valid email address." in response.get_data(as_text=True)
    assert user_count() == before
    assert outbox.rows() == []


def test_an_internationalised_domain_is_stored_in_ascii_and_matches_any_spelling(
    client, outbox
):
    post_form(client, "/accounts/signup/", signup_data(email="reader@bücher.example"))
    user = db.session.scalar(sa.select(User).where(User.username == "newbie"))
    assert user.email == "reader@xn--bcher-kva.example"
    before = user_count()
    # Upper case and fullwidth letters in the domain name the same address.
    response = post_form(
        client,
        "/accounts/signup/",
        signup_data(username="again", email="reader@\uff22ÜCHER.example"),
    )
    assert response.status_code == 302
    assert user_count() == before
    assert len(outbox.rows(to="reader@xn--bcher-kva.example")) == 2


def test_a_reset_link_is_refused_once_the_address_has_changed(client, outbox, user):
    db.session.commit()
    post_form(client, "/accounts/password/reset/", {"email": user.email})
    path = outbox.link(user.email, "password_reset")
    user.email = "new-owner@example.com"
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 400
    assert "This password reset link is invalid." in response.get_data(as_text=True)


def user_form_data(user, **overrides):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "bio": "",
        "public_profile": "y",
        "is_active": "y",
        "email_verified": "y",
        "search_visibility": "PUBLIC",
        "email_privacy": "NEVER",
    }
    data.update(overrides)
    return data


def test_plain_staff_cannot_readdress_a_staff_account(client, auth, session):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    colleague = UserFactory(username="colleague", is_staff=True)
    UserFactory(username="plainstaff", is_staff=True)
    db.session.commit()
    auth.login("plainstaff")
    for target in (boss, colleague):
        original = target.email
        response = admin_form(
            client,
            f"/admin/users/edit/?id={target.id}",
            user_form_data(target, email="attacker@example.com"),
            follow_redirects=True,
        )
        assert (
            f"Only a superuser can change the staff account {target.username}."
            in response.get_data(as_text=True)
        )
        db.session.expire_all()
        assert db.session.get(User, target.id).email == original


def test_plain_staff_still_edit_plain_users_and_themselves(client, auth, session):
    member = UserFactory(username="member")
    me = UserFactory(username="plainstaff", is_staff=True)
    db.session.commit()
    auth.login("plainstaff")
    for target in (member, me):
        response = admin_form(
            client,
            f"/admin/users/edit/?id={target.id}",
            user_form_data(target, first_name="Changed"),
        )
        assert response.status_code == 302
        db.session.expire_all()
        assert db.session.get(User, target.id).first_name == "Changed"


def test_plain_staff_cannot_delete_a_superuser(client, auth, session):
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    UserFactory(username="plainstaff", is_staff=True)
    db.session.commit()
    auth.login("plainstaff")
    response = admin_post(
        client,
        "/admin/users/",
        "/admin/users/delete/",
        {"id": str(boss.id), "url": "/admin/users/"},
        follow_redirects=True,
    )
    assert "Only a superuser can change the staff account boss." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(User, boss.id) is not None


def test_the_admin_refuses_an_address_taken_in_another_case(staff_client, session):
    UserFactory(username="holder", email="holder@example.com")
    other = UserFactory(username="other")
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/users/edit/?id={other.id}",
        user_form_data(other, email="HOLDER@example.com"),
    )
    assert response.status_code == 200
    assert "Another account already uses this email address." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(User, other.id).email == "other@example.com"


class HashCalls:
    """Counts password-hash work, standing in for time (tests are never timed)."""

    def __init__(self, monkeypatch, name):
        from pydotorg.domains.users.services import accounts as services

        self.count = 0
        real = getattr(services, name)

        def counting(*args, **kwargs):
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(services, name, counting)


def test_an_unknown_login_checks_a_password_hash_like_a_wrong_password(
    client, auth, user, monkeypatch
):
    passwordless = UserFactory(username="github-only", password_hash=None)
    db.session.commit()
    checks = HashCalls(monkeypatch, "check_password_hash")
    for login in (user.username, "nobody-here", passwordless.username):
        checks.count = 0
        response = auth.login(login, "not the password")
        assert "Invalid username or password." in response.get_data(as_text=True)
        assert checks.count == 1, login


def test_signing_up_with_a_registered_address_hashes_the_password_too(
    client, outbox, monkeypatch
):
    UserFactory(username="owner", email="taken@example.com")
    db.session.commit()
    hashes = HashCalls(monkeypatch, "generate_password_hash")
    for n, email in enumerate(("fresh@example.com", "taken@example.com")):
        hashes.count = 0
        post_form(
            client, "/accounts/signup/", signup_data(username=f"hasher{n}", email=email)
        )
        assert hashes.count == 1, email


def test_a_membership_needs_a_real_email_address(client, auth, user, outbox):
    db.session.commit()
    auth.login(user.username)
    response = post_form(
        client,
        "/users/membership/",
        {**MEMBER_DATA, "email_address": "not an address"},
    )
    assert response.status_code == 200
    assert "Enter a valid email address." in response.get_data(as_text=True)
    assert user.membership is None
    assert outbox.rows(template="membership_created") == []


def test_staff_cannot_give_a_user_group_a_script_url(staff_client, session):
    group = UserGroupFactory(url="https://pug.example.org/")
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/user_groups/edit/?id={group.id}",
        {
            "name": group.name,
            "location": group.location,
            "url": "javascript:alert(document.cookie)",
            "url_type": "MEETUP",
            "approved": "y",
        },
        follow_redirects=True,
    )
    assert "The URL must start with http:// or https://." in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert db.session.get(UserGroup, group.id).url == "https://pug.example.org/"
