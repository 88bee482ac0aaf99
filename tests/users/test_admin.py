"""The user admin: filters and the activate, deactivate and resend actions."""

import json
import re
from html import unescape

from pydotorg.extensions import db
from tests.factories.users import MembershipFactory, UserFactory
from tests.fixtures.admin_forms import admin_action


def listed(staff_client, url):
    html = staff_client.get(url).get_data(as_text=True)
    return set(re.findall(r"\b(zz-[a-z]+)\b", html))


def user_action(staff_client, action, users):
    return admin_action(staff_client, "users", action, [u.id for u in users])


def filter_index(staff_client, label):
    """Flask-Admin numbers filters; find the one whose label is ``label``."""
    html = staff_client.get("/admin/users/").get_data(as_text=True)
    match = re.search(r'<div id="filter-groups-data"[^>]*>(.*?)</div>', html, re.S)
    groups = json.loads(unescape(match.group(1))) if match else {}
    for group_label, filters in groups.items():
        if group_label == label:
            return filters[0]["index"]
    raise AssertionError(f"no filter {label!r} in {list(groups)}")


def test_user_list_filters_by_staff_active_verified_and_member(staff_client, session):
    member = UserFactory(username="zz-member")
    MembershipFactory(user=member)
    UserFactory(username="zz-staff", is_staff=True)
    UserFactory(username="zz-inactive", is_active=False)
    UserFactory(username="zz-unverified", email_verified=False)
    db.session.commit()
    ours = {"zz-member", "zz-staff", "zz-inactive", "zz-unverified"}
    cases = {
        "Member": ({"zz-member"}, ours - {"zz-member"}),
        "Is Staff": ({"zz-staff"}, ours - {"zz-staff"}),
        "Is Active": (ours - {"zz-inactive"}, {"zz-inactive"}),
        "Email Verified": (ours - {"zz-unverified"}, {"zz-unverified"}),
    }
    for label, (yes, no) in cases.items():
        index = filter_index(staff_client, label)
        assert listed(staff_client, f"/admin/users/?flt0_{index}=1") == yes, label
        assert listed(staff_client, f"/admin/users/?flt0_{index}=0") == no, label


def test_staff_deactivate_and_activate_users(staff_client, session):
    users = [UserFactory(), UserFactory()]
    db.session.commit()
    response = user_action(staff_client, "deactivate", users)
    assert "2 user(s) deactivated." in response.get_data(as_text=True)
    for user in users:
        db.session.refresh(user)
        assert not user.is_active
    user_action(staff_client, "activate", users[:1])
    db.session.refresh(users[0])
    assert users[0].is_active


def test_staff_cannot_deactivate_themselves_from_the_list(staff_client, superuser):
    response = user_action(staff_client, "deactivate", [superuser])
    assert "You cannot deactivate your own account here." in response.get_data(
        as_text=True
    )
    db.session.refresh(superuser)
    assert superuser.is_active


def test_plain_staff_cannot_deactivate_another_staff_member(client, auth, session):
    UserFactory(username="moderator", is_staff=True)
    colleague = UserFactory(username="colleague", is_staff=True)
    db.session.commit()
    auth.login("moderator")
    response = user_action(client, "deactivate", [colleague])
    assert "Only a superuser can change the staff account colleague." in (
        response.get_data(as_text=True)
    )
    db.session.refresh(colleague)
    assert colleague.is_active


def test_resend_verification_mails_only_unverified_active_users(
    staff_client, outbox, session
):
    pending = UserFactory(email="pending@example.com", email_verified=False)
    done = UserFactory(email="done@example.com")
    gone = UserFactory(email="gone@example.com", email_verified=False, is_active=False)
    db.session.commit()
    response = user_action(staff_client, "resend_verification", [pending, done, gone])
    assert "1 user(s) sent a new verification link." in response.get_data(as_text=True)
    assert outbox.link("pending@example.com", "account_verification").startswith(
        "/accounts/confirm-email/"
    )
    assert not outbox.rows("done@example.com")
    assert not outbox.rows("gone@example.com")


def test_every_users_admin_view_opens(staff_client, session):
    MembershipFactory()
    db.session.commit()
    for url in (
        "/admin/users/",
        "/admin/memberships/",
        "/admin/user_groups/",
        "/admin/api_keys/",
        "/admin/users/new/",
        "/admin/user_groups/new/",
        "/admin/api_keys/new/",
    ):
        assert staff_client.get(url).status_code == 200, url
