"""PSF Basic membership: joining, editing, cancelling, vote affirmation, CSV export."""

import csv
import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from pydotorg.core.permissions import PermissionDenied
from pydotorg.core.types import utcnow
from pydotorg.domains.users.models import Membership, MembershipType
from pydotorg.domains.users.services.membership import MembershipService
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.users import MembershipFactory, UserFactory
from tests.fixtures.admin_forms import admin_post
from tests.users.conftest import post_form

MEMBER_DATA = {
    "legal_name": "Ada King",
    "preferred_name": "Ada",
    "email_address": "ada@example.com",
    "city": "London",
    "region": "Greater London",
    "country": "United Kingdom",
    "postal_code": "N1 9GU",
    "psf_code_of_conduct": "y",
    "psf_announcements": "y",
}


@pytest.fixture
def member_client(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    return client


def membership_count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(Membership))


def csrf(client, url="/users/edit/"):
    return csrf_token_from(client.get(url).get_data(as_text=True))


def test_membership_requires_login(client):
    response = client.get("/users/membership/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.location


def test_the_form_prefills_the_users_email(member_client, user):
    page = member_client.get("/users/membership/").get_data(as_text=True)
    assert f'value="{user.email}"' in page


def test_joining_creates_a_basic_membership_and_mails_a_welcome(
    member_client, user, outbox
):
    response = post_form(member_client, "/users/membership/", MEMBER_DATA)
    assert response.status_code == 302
    assert response.location == "/users/membership/edit/"
    membership = MembershipService(db.session).for_user(user)
    assert membership.membership_type is MembershipType.BASIC
    assert membership.legal_name == "Ada King"
    assert membership.psf_code_of_conduct and membership.psf_announcements
    assert not membership.votes and membership.last_vote_affirmation is None
    assert outbox.rows("ada@example.com", "membership_created")


def test_membership_type_cannot_be_chosen_by_the_member(member_client, user, outbox):
    post_form(
        member_client,
        "/users/membership/",
        {**MEMBER_DATA, "membership_type": "FELLOW"},
    )
    membership = MembershipService(db.session).for_user(user)
    assert membership.membership_type is MembershipType.BASIC


def test_missing_code_of_conduct_agreement_saves_nothing(member_client, outbox):
    data = {k: v for k, v in MEMBER_DATA.items() if k != "psf_code_of_conduct"}
    response = post_form(member_client, "/users/membership/", data)
    assert response.status_code == 200
    assert "You must agree to the PSF Code of Conduct." in response.get_data(
        as_text=True
    )
    assert membership_count() == 0
    assert not outbox.rows()


@pytest.mark.parametrize("missing", ["legal_name", "preferred_name", "city", "country"])
def test_missing_required_fields_save_nothing(member_client, outbox, missing):
    response = post_form(
        member_client, "/users/membership/", {**MEMBER_DATA, missing: ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert membership_count() == 0


def test_honeypot_on_the_membership_form(member_client, outbox):
    response = post_form(
        member_client, "/users/membership/", {**MEMBER_DATA, "email_body_text": "x"}
    )
    assert "Your submission could not be processed." in response.get_data(as_text=True)
    assert membership_count() == 0


def test_a_second_visit_redirects_to_edit(member_client, user):
    MembershipFactory(user=user)
    db.session.commit()
    response = member_client.get("/users/membership/")
    assert response.status_code == 302
    assert response.location == "/users/membership/edit/"


def test_edit_updates_the_members_own_membership(member_client, user):
    membership = MembershipFactory(user=user, city="Paris")
    db.session.commit()
    page = member_client.get("/users/membership/edit/").get_data(as_text=True)
    assert "psf_code_of_conduct" not in page  # agreed once, never edited
    data = {k: v for k, v in MEMBER_DATA.items() if k != "psf_code_of_conduct"}
    response = post_form(member_client, "/users/membership/edit/", data)
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.city == "London"
    assert membership.psf_code_of_conduct


def test_affirming_the_vote_sets_votes_and_today(member_client, user):
    membership = MembershipFactory(user=user)
    db.session.commit()
    response = member_client.post(
        "/users/membership/affirm/",
        data={"csrf_token": csrf(member_client, "/users/membership/edit/")},
    )
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.votes
    assert membership.last_vote_affirmation is not None
    assert abs(membership.last_vote_affirmation - utcnow().date()) <= timedelta(days=1)


def test_affirm_is_post_only_and_needs_a_membership(member_client):
    assert member_client.get("/users/membership/affirm/").status_code == 405
    response = member_client.post(
        "/users/membership/affirm/", data={"csrf_token": csrf(member_client)}
    )
    assert response.status_code == 404


def test_a_stale_affirmation_shows_a_prompt(member_client, user):
    MembershipFactory(
        user=user,
        votes=True,
        last_vote_affirmation=utcnow().date() - timedelta(days=400),
    )
    db.session.commit()
    page = member_client.get("/users/membership/edit/").get_data(as_text=True)
    assert "more than a year old" in page
    assert 'action="/users/membership/affirm/"' in page
    profile = member_client.get(f"/users/{user.username}/").get_data(as_text=True)
    assert "re-affirm your intention to vote" in profile


def test_a_recent_affirmation_shows_no_prompt(member_client, user):
    MembershipFactory(user=user, votes=True, last_vote_affirmation=utcnow().date())
    db.session.commit()
    page = member_client.get("/users/membership/edit/").get_data(as_text=True)
    assert "more than a year old" not in page


@pytest.mark.parametrize(
    ("votes", "days_ago", "expected"),
    [
        (True, 366, False),
        (True, 367, True),
        (True, None, True),
        (False, 1000, False),
    ],
)
def test_needs_vote_affirmation_after_366_days(session, votes, days_ago, expected):
    today = date(2026, 6, 1)
    membership = MembershipFactory(
        votes=votes,
        last_vote_affirmation=today - timedelta(days=days_ago) if days_ago else None,
    )
    assert MembershipService.needs_vote_affirmation(membership, today) is expected


def test_first_vote_sets_the_affirmation_date(session, user):
    membership = MembershipService(db.session).create(
        user,
        legal_name="A",
        preferred_name="A",
        email_address="a@example.com",
        psf_code_of_conduct=True,
        votes=True,
    )
    assert membership.last_vote_affirmation is not None


def test_delete_is_post_only_and_removes_the_own_membership(member_client, user):
    MembershipFactory(user=user)
    db.session.commit()
    assert member_client.get("/users/membership/delete/").status_code == 405
    response = member_client.post(
        "/users/membership/delete/", data={"csrf_token": csrf(member_client)}
    )
    assert response.status_code == 302
    assert MembershipService(db.session).for_user(user) is None
    assert db.session.get(type(user), user.id).is_active


def test_delete_without_csrf_is_refused(member_client, user):
    MembershipFactory(user=user)
    db.session.commit()
    response = member_client.post("/users/membership/delete/")
    assert response.status_code == 400
    assert MembershipService(db.session).for_user(user) is not None


def test_the_service_only_lets_the_owner_change_a_membership(session, user):
    other = UserFactory()
    membership = MembershipFactory(user=user)
    service = MembershipService(db.session)
    with pytest.raises(PermissionDenied):
        service.delete(membership, by=other)
    with pytest.raises(PermissionDenied):
        service.update(membership, by=other, city="Elsewhere")
    with pytest.raises(PermissionDenied):
        service.affirm_vote(membership, by=other)


def test_staff_export_members_as_csv(staff_client, session):
    first = MembershipFactory(
        legal_name="=HYPERLINK()", votes=True, last_vote_affirmation=date(2025, 1, 2)
    )
    second = MembershipFactory(legal_name="Bob")
    db.session.commit()
    response = admin_post(
        staff_client,
        "/admin/memberships/",
        "/admin/memberships/action/",
        {"action": "export_csv", "rowid": [str(first.id), str(second.id)]},
    )
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:3] == ["membership_type", "username", "legal_name"]
    by_name = {row[2]: row for row in rows[1:]}
    assert set(by_name) == {"'=HYPERLINK()", "Bob"}  # formulas are defused
    assert by_name["'=HYPERLINK()"][9:11] == ["yes", "2025-01-02"]
    assert by_name["Bob"][1] == second.user.username


def test_non_staff_cannot_export(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    response = client.post(
        "/admin/memberships/action/",
        data={"csrf_token": csrf(client), "action": "export_csv", "rowid": []},
    )
    assert response.status_code == 403


def test_edit_without_membership_is_a_404_as_on_python_org(client, auth, user):
    db.session.commit()
    auth.login(user.username)
    assert client.get("/users/membership/edit/").status_code == 404
    profile = client.get(f"/users/{user.username}/").get_data(as_text=True)
    assert 'href="/users/membership/"' in profile  # where to join instead
