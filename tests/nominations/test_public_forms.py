"""The public nomination form, the nominee's own pages and accepting a nomination."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from pydotorg.domains.nominations.models import Nomination, Nominee, today
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.nominations import (
    ElectionFactory,
    NominationFactory,
    NomineeFactory,
)
from tests.factories.users import UserFactory


def create_url(election):
    return f"/nominations/{election.slug}/create/"


def nominate(client, election, **overrides):
    url = create_url(election)
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    data = {
        "email": "carl@example.com",
        "name": "",
        "employer": "Example Corp",
        "other_affiliations": "",
        "previous_board_service": "New board member",
        "nomination_statement": "Carl runs **PyCon Example**.",
        "csrf_token": token,
        **overrides,
    }
    return client.post(url, data={k: v for k, v in data.items() if v is not None})


def field_errors(html, name):
    """The error paragraphs inside the form-field block of ``name``."""
    blocks = re.findall(r'<div class="form-field has-error">.*?</div>', html, re.S)
    [block] = [b for b in blocks if f'id="{name}"' in b] or [""]
    assert block, f"no error beside {name}"
    return re.findall(r'<p class="field-error">(.*?)</p>', block)


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_nominating_someone_creates_the_nomination_and_mails_both(
    client, auth, election, people, smtp_server
):
    auth.login("nina")
    response = nominate(client, election)
    assert response.status_code == 302, response.get_data(as_text=True)
    nomination = db.session.scalar(sa.select(Nomination))
    assert response.headers["Location"] == (
        f"/nominations/{election.slug}/{nomination.id}/"
    )
    assert nomination.nominator == people["nominator"]
    assert nomination.nominee.user == people["candidate"]
    assert nomination.name == "Carl C"
    assert nomination.email == "Carl@Example.com"
    assert nomination.employer == "Example Corp"
    assert not nomination.accepted and not nomination.nominee.accepted
    assert {m["To"] for m in smtp_server.messages} == {
        "Carl@Example.com",
        "nina@example.com",
    }
    assert {m["Subject"] for m in smtp_server.messages} == {
        "Nomination of Carl C for PSF Board Election 2031"
    }
    accept_path = f"/nominations/{election.slug}/{nomination.id}/accept/"
    assert all(
        accept_path in smtp_server.text(message) for message in smtp_server.messages
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you: Carl C has been nominated." in page
    assert "Carl runs <strong>PyCon Example</strong>." in page
    assert "Not accepted yet" in page


def test_the_nominee_accepts_on_their_own_page(client, auth, election, people):
    nomination = NominationFactory(
        nominee=NomineeFactory(election=election, user=people["candidate"]),
        nominator=people["nominator"],
    )
    db.session.commit()
    auth.login("carl")
    mine = client.get(f"/nominations/{election.slug}/mine/").get_data(as_text=True)
    assert "nominated by Nina N" in mine
    accept_url = f"/nominations/{election.slug}/{nomination.id}/accept/"
    assert accept_url in mine
    page = client.get(accept_url).get_data(as_text=True)
    response = client.post(accept_url, data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/nominations/{election.slug}/mine/"
    db.session.expire_all()
    assert nomination.accepted and nomination.nominee.accepted
    assert not nomination.nominee.approved  # staff still approve in the admin
    assert "You accepted your nomination" in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)


def test_only_the_nominee_can_accept(client, auth, election, people):
    nomination = NominationFactory(
        nominee=NomineeFactory(election=election, user=people["candidate"]),
        nominator=people["nominator"],
    )
    db.session.commit()
    url = f"/nominations/{election.slug}/{nomination.id}/accept/"
    assert client.get(url).status_code == 302  # anonymous: log in first
    auth.login("nina")
    token = auth.csrf_token(f"/nominations/{election.slug}/create/")
    assert client.get(url).status_code == 403
    assert client.post(url, data={"csrf_token": token}).status_code == 403
    db.session.expire_all()
    assert not nomination.accepted


def test_accepting_after_nominations_closed_is_refused(client, auth, election, people):
    nomination = NominationFactory(
        nominee=NomineeFactory(election=election, user=people["candidate"]),
        nominator=people["nominator"],
    )
    db.session.commit()
    auth.login("carl")
    url = f"/nominations/{election.slug}/{nomination.id}/accept/"
    token = csrf_token_from(client.get(url).get_data(as_text=True))
    election.nominations_close = today() - timedelta(days=1)
    db.session.commit()
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 200
    assert "are not open: they closed on" in response.get_data(as_text=True)
    db.session.expire_all()
    assert not nomination.accepted


def test_nominating_yourself_needs_the_code_of_conduct(client, auth, election, people):
    auth.login("nina")
    response = nominate(client, election, email="nina@example.com")
    assert field_errors(response.get_data(as_text=True), "coc_acknowledged") == [
        "Nominating yourself requires acknowledging the PSF Code of Conduct."
    ]
    assert count(Nomination) == 0 and count(Nominee) == 0
    response = nominate(
        client, election, email="nina@example.com", coc_acknowledged="y"
    )
    assert response.status_code == 302
    nomination = db.session.scalar(sa.select(Nomination))
    assert nomination.is_self_nomination
    assert nomination.accepted and nomination.nominee.accepted
    assert nomination.coc_acknowledged


def test_nominating_yourself_needs_a_full_name(client, auth, election, session):
    UserFactory(username="anon", email="anon@example.com", first_name="", last_name="")
    db.session.commit()
    auth.login("anon")
    response = nominate(
        client, election, email="anon@example.com", coc_acknowledged="y"
    )
    assert "Add your first and last name to your profile" in response.get_data(
        as_text=True
    )
    assert count(Nomination) == 0


def test_acknowledgements_are_dropped_from_third_party_nominations(
    client, auth, election, people
):
    auth.login("nina")
    nominate(client, election, coc_acknowledged="y")
    assert db.session.scalar(sa.select(Nomination)).coc_acknowledged is False


def test_a_duplicate_nomination_is_refused_with_a_message(
    client, auth, election, people
):
    auth.login("nina")
    assert nominate(client, election).status_code == 302
    response = nominate(client, election)
    assert response.status_code == 200
    assert (
        '<p class="form-error" role="alert">You have already nominated Carl C in '
        "PSF Board Election 2031.</p>" in response.get_data(as_text=True)
    )
    assert count(Nomination) == 1
    # Someone else may still nominate the same person.
    auth.logout()
    auth.login("sam")
    assert nominate(client, election).status_code == 302
    assert count(Nomination) == 2 and count(Nominee) == 1


def test_bad_input_is_shown_beside_the_fields(client, auth, election, people):
    auth.login("nina")
    response = nominate(client, election, email="nobody@example.com")
    [error] = field_errors(response.get_data(as_text=True), "email")
    assert error.startswith("No python.org account uses this address.")
    response = nominate(client, election, nomination_statement="")
    assert field_errors(response.get_data(as_text=True), "nomination_statement") == [
        "This field is required."
    ]
    assert count(Nomination) == 0 and count(Nominee) == 0


def test_the_form_needs_a_csrf_token(client, auth, election, people):
    auth.login("nina")
    response = client.post(
        create_url(election),
        data={"email": "carl@example.com", "nomination_statement": "x"},
    )
    assert response.status_code == 400
    assert count(Nomination) == 0


def test_anonymous_visitors_are_sent_to_log_in(client, election):
    response = client.get(create_url(election))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        (timedelta(days=30), "are not open yet: they open on"),
        (timedelta(days=-30), "are not open: they closed on"),
    ],
)
def test_a_closed_election_refuses_nominations_with_a_message(
    client, auth, people, shift, message
):
    election = ElectionFactory(
        nominations_open=today() + shift - timedelta(days=5),
        nominations_close=today() + shift + timedelta(days=5),
        voting_open=today() + shift + timedelta(days=10),
        voting_close=today() + shift + timedelta(days=20),
    )
    db.session.commit()
    auth.login("nina")
    response = client.get(create_url(election))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/nominations/{election.slug}/"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert message in page
    token = auth.csrf_token(f"/nominations/{election.slug}/")
    client.post(
        create_url(election),
        data={
            "email": "carl@example.com",
            "nomination_statement": "x",
            "csrf_token": token,
        },
    )
    assert count(Nomination) == 0


def test_unknown_elections_and_nominations_are_404(client, auth, election, people):
    auth.login("nina")
    assert client.get("/nominations/no-such-election/create/").status_code == 404
    nomination = NominationFactory(nominee=NomineeFactory(election=election))
    other = ElectionFactory()
    db.session.commit()
    assert client.get(f"/nominations/{other.slug}/{nomination.id}/").status_code == 404


def test_a_nomination_is_private_until_approved_and_closed(
    client, auth, election, people
):
    nomination = NominationFactory(
        nominee=NomineeFactory(election=election, user=people["candidate"]),
        nominator=people["nominator"],
    )
    db.session.commit()
    url = f"/nominations/{election.slug}/{nomination.id}/"
    assert client.get(url).status_code == 404
    auth.login("sam")
    assert client.get(url).status_code == 404
    auth.logout()
    for username in ("nina", "carl"):
        auth.login(username)
        assert client.get(url).status_code == 200
        auth.logout()
    nomination.accepted = nomination.nominee.accepted = True
    nomination.nominee.approved = True
    election.nominations_close = today() - timedelta(days=1)
    db.session.commit()
    assert client.get(url).status_code == 200


def test_my_nominations_takes_a_fixed_number_of_queries(
    client, auth, election, people, count_queries
):
    def add(n):
        for _ in range(n):
            NominationFactory(
                nominee=NomineeFactory(election=election), nominator=people["nominator"]
            )
            NominationFactory(
                nominee=NomineeFactory(election=election, user=UserFactory()),
                nominator=UserFactory(),
            )
        db.session.commit()

    auth.login("nina")
    url = f"/nominations/{election.slug}/mine/"
    counts = []
    for n in (1, 5):
        add(n)
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert response.get_data(as_text=True).count("waiting for them to accept") == 6
