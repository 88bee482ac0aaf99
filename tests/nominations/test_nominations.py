"""Elections, nominees and nominations: status, rules, pages and the admin."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.nominations.models import (
    Election,
    ElectionStatus,
    Nomination,
    Nominee,
    today,
)
from pydotorg.domains.nominations.services import (
    ElectionService,
    NominationError,
    NominationService,
    NomineeService,
)
from pydotorg.extensions import db
from tests.factories.nominations import (
    ElectionFactory,
    NominationFactory,
    NomineeFactory,
)
from tests.factories.users import UserFactory
from tests.fixtures.admin_forms import admin_action, admin_form


def make_election(**kwargs):
    dates = {
        "nominations_open": date(2025, 6, 1),
        "nominations_close": date(2025, 6, 15),
        "voting_open": date(2025, 6, 20),
        "voting_close": date(2025, 6, 30),
    }
    return ElectionFactory(**{**dates, **kwargs})


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (date(2025, 5, 31), ElectionStatus.UPCOMING),
        (date(2025, 6, 1), ElectionStatus.NOMINATIONS_OPEN),
        (date(2025, 6, 15), ElectionStatus.NOMINATIONS_OPEN),
        (date(2025, 6, 17), ElectionStatus.UPCOMING),
        (date(2025, 6, 20), ElectionStatus.VOTING_OPEN),
        (date(2025, 6, 30), ElectionStatus.VOTING_OPEN),
        (date(2025, 7, 1), ElectionStatus.CLOSED),
    ],
)
def test_status_follows_the_calendar(session, day, status):
    election = make_election()
    assert election.status_on(day) is status
    assert ElectionService(session).status(election, day) is status


def test_status_property_uses_today(session):
    assert ElectionFactory().status is ElectionStatus.NOMINATIONS_OPEN
    past = ElectionFactory(
        nominations_open=today() - timedelta(days=40),
        nominations_close=today() - timedelta(days=30),
        voting_open=today() - timedelta(days=20),
        voting_close=today() - timedelta(days=10),
    )
    assert past.status is ElectionStatus.CLOSED


def test_a_user_is_nominee_once_per_election(session):
    nominee = NomineeFactory()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        NomineeFactory(election=nominee.election, user=nominee.user)


def test_submit_creates_the_nominee_and_nomination(session):
    election = ElectionFactory()
    nominator, candidate = UserFactory(), UserFactory(first_name="Ada")
    nomination = NominationService(session).submit(
        election,
        nominator=nominator,
        nominee_user=candidate,
        employer="Analytical Engines Ltd",
        nomination_statement="She will do great.",
    )
    assert nomination.nominee.user is candidate
    assert nomination.nominee.election is election
    assert not nomination.nominee.accepted
    assert nomination.email == candidate.email
    assert nomination.name == candidate.full_name
    assert not nomination.is_self_nomination


def test_self_nomination_is_accepted(session):
    user = UserFactory()
    nomination = NominationService(session).submit(
        ElectionFactory(), nominator=user, nominee_user=user
    )
    assert nomination.is_self_nomination
    assert nomination.accepted and nomination.nominee.accepted


def test_nominating_the_same_person_twice_is_refused(session):
    election = ElectionFactory()
    nominator, candidate = UserFactory(), UserFactory()
    service = NominationService(session)
    service.submit(election, nominator=nominator, nominee_user=candidate)
    with pytest.raises(NominationError, match="already nominated"):
        service.submit(election, nominator=nominator, nominee_user=candidate)
    # Someone else may still nominate the same candidate.
    service.submit(election, nominator=UserFactory(), nominee_user=candidate)
    assert len(db.session.scalars(sa.select(Nomination)).all()) == 2


@pytest.mark.parametrize("day", [date(2025, 5, 1), date(2025, 6, 25)])
def test_nominations_only_while_open(session, day):
    election = make_election()
    with pytest.raises(NominationError, match="not open"):
        NominationService(session).submit(
            election, nominator=UserFactory(), nominee_user=UserFactory(), day=day
        )
    assert db.session.scalar(sa.select(sa.func.count(Nominee.id))) == 0


def test_approval_needs_acceptance(session):
    nominee = NomineeFactory()
    service = NomineeService(session)
    with pytest.raises(NominationError, match="not accepted"):
        service.approve(nominee)
    service.accept(nominee)
    service.approve(nominee)
    assert nominee.accepted and nominee.approved


def test_election_page_lists_approved_nominees_only(client, session, count_queries):
    election = ElectionFactory(name="PSF Board Election 2031")
    for n in range(3):
        nominee = NomineeFactory(
            election=election,
            user=UserFactory(first_name="Shown", last_name=f"Nominee{n}"),
            accepted=True,
            approved=True,
        )
        NominationFactory(
            nominee=nominee, accepted=True, nomination_statement=f"Statement **{n}**"
        )
    NomineeFactory(
        election=election, user=UserFactory(first_name="Hidden"), accepted=True
    )
    db.session.commit()
    url = f"/nominations/{election.slug}/"
    with count_queries() as counter:
        response = client.get(url)
    html = response.get_data(as_text=True)
    assert "Shown Nominee2" in html
    assert "Statement <strong>2</strong>" in html
    assert "Hidden" not in html
    # election, nominees with users, nominations (+ the site-wide banner query)
    assert counter.count <= 4
    assert client.get("/nominations/").status_code == 200
    assert client.get("/nominations/no-such-election/").status_code == 404


ELECTION_FORM = {
    "name": "PSF Board Election 2030",
    "slug": "",
    "nominations_open": "2030-06-01",
    "nominations_close": "2030-06-15",
    "voting_open": "2030-06-20",
    "voting_close": "2030-06-30",
}


def election_count():
    return db.session.scalar(sa.select(sa.func.count(Election.id)))


def test_admin_creates_an_election(staff_client):
    response = admin_form(staff_client, "/admin/elections/new/", ELECTION_FORM)
    assert response.status_code == 302
    election = db.session.scalar(
        sa.select(Election).where(Election.name == ELECTION_FORM["name"])
    )
    assert election.slug == "psf-board-election-2030"
    assert election.voting_close == date(2030, 6, 30)


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"name": ""}, "This field is required."),
        ({"voting_open": ""}, "This field is required."),
        (
            {"voting_open": "2030-06-10"},
            "Voting can&#39;t open before nominations close.",
        ),
        ({"nominations_close": "not a date"}, "Not a valid date value."),
    ],
)
def test_admin_bad_election_input_is_a_form_error(staff_client, change, error):
    before = election_count()
    response = admin_form(
        staff_client, "/admin/elections/new/", {**ELECTION_FORM, **change}
    )
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)
    assert election_count() == before


def test_admin_duplicate_election_slug_is_a_form_error(staff_client):
    ElectionFactory(name="Taken")
    db.session.commit()
    before = election_count()
    response = admin_form(
        staff_client, "/admin/elections/new/", {**ELECTION_FORM, "slug": "taken"}
    )
    assert "Already exists." in response.get_data(as_text=True)
    assert election_count() == before


def test_admin_edits_an_election_with_an_inline_nominee(staff_client):
    election = ElectionFactory(name="Edit me")
    candidate = UserFactory()
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/elections/edit/?id={election.id}",
        {
            **ELECTION_FORM,
            "name": "Edited",
            "slug": election.slug,
            "nominees-0-user": str(candidate.id),
            "nominees-0-accepted": "y",
        },
    )
    assert response.status_code == 302
    db.session.refresh(election)
    assert election.name == "Edited"
    assert [(n.user_id, n.accepted) for n in election.nominees] == [
        (candidate.id, True)
    ]


def test_admin_views_and_nominee_actions(staff_client):
    nominee = NomineeFactory()
    NominationFactory(nominee=nominee)
    db.session.commit()
    for table in ("elections", "nominees", "nominations"):
        assert staff_client.get(f"/admin/{table}/").status_code == 200, table
        assert staff_client.get(f"/admin/{table}/new/").status_code == 200, table
    page = admin_action(staff_client, "nominees", "approve", [nominee.id])
    assert "has not accepted" in page.get_data(as_text=True)
    page = admin_action(staff_client, "nominees", "accept", [nominee.id])
    assert "1 nominee(s) accepted." in page.get_data(as_text=True)
    admin_action(staff_client, "nominees", "approve", [nominee.id])
    db.session.refresh(nominee)
    assert nominee.accepted and nominee.approved


def test_nomination_mails_the_nominee_and_nominator(session, smtp_server):
    from pydotorg.domains.mailing.services import EmailTemplateService

    EmailTemplateService(db.session).sync_defaults()
    election = ElectionFactory(name="PSF Board Election 2040")
    nominator = UserFactory(email="nominator@example.com")
    candidate = UserFactory(
        first_name="Ada", last_name="Lovelace", email="ada@example.com"
    )
    db.session.commit()
    NominationService(db.session).submit(
        election, nominator=nominator, nominee_user=candidate
    )
    db.session.commit()
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == ["ada@example.com", "nominator@example.com"]
    assert smtp_server.messages[0]["Subject"] == (
        "Nomination of Ada Lovelace for PSF Board Election 2040"
    )
