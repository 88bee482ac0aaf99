"""python.org's nomination behaviours: editing a nomination while nominations are open,
the statement preview, and /users/nominations/ across elections."""

import re
from datetime import timedelta
from pathlib import Path

import pytest

from pydotorg.core.markup import render
from pydotorg.domains.nominations.models import Nomination, today
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.nominations import (
    ElectionFactory,
    NominationFactory,
    NomineeFactory,
)
from tests.nominations.test_public_forms import nominate

STATIC = Path(__file__).resolve().parents[2] / "static"


def nomination_of(people, election, **kwargs):
    nomination = NominationFactory(
        nominee=NomineeFactory(election=election, user=people["candidate"]),
        nominator=people["nominator"],
        **kwargs,
    )
    db.session.commit()
    return nomination


def edit(client, nomination, election, **changes):
    url = f"/nominations/{election.slug}/{nomination.id}/edit/"
    token = csrf_token_from(client.get("/users/edit/").get_data(as_text=True))
    data = {
        "name": nomination.name,
        "employer": "",
        "other_affiliations": "",
        "previous_board_service": "",
        "nomination_statement": nomination.nomination_statement,
        "csrf_token": token,
        **changes,
    }
    return client.post(url, data=data)


def reloaded(nomination):
    db.session.expire_all()
    return db.session.get(Nomination, nomination.id)


# -- editing -----------------------------------------------------------------------


def test_the_nominator_edits_while_nominations_are_open(client, auth, election, people):
    nomination = nomination_of(people, election)
    auth.login("nina")
    detail = f"/nominations/{election.slug}/{nomination.id}/"
    assert f'href="{detail}edit/"' in client.get(detail).get_data(as_text=True)
    response = edit(
        client, nomination, election, nomination_statement="Carl *organises*."
    )
    assert response.status_code == 302
    assert response.location == detail
    assert reloaded(nomination).nomination_statement == "Carl *organises*."
    assert reloaded(nomination).nominee.user == people["candidate"]


def test_the_nominator_cannot_edit_once_the_nominee_accepted(
    client, auth, election, people
):
    nomination = nomination_of(people, election, accepted=True)
    auth.login("nina")
    url = f"/nominations/{election.slug}/{nomination.id}/edit/"
    response = client.get(url)
    assert response.status_code == 302
    assert response.location == f"/nominations/{election.slug}/{nomination.id}/"


def test_the_nominee_edits_their_nomination_while_open(client, auth, election, people):
    nomination = nomination_of(people, election, accepted=True)
    auth.login("carl")
    assert edit(client, nomination, election, employer="PSF").status_code == 302
    assert reloaded(nomination).employer == "PSF"


def test_nobody_edits_after_nominations_close(client, auth, people, session):
    closed = ElectionFactory(
        nominations_open=today() - timedelta(days=30),
        nominations_close=today() - timedelta(days=1),
    )
    nomination = nomination_of(people, closed)
    auth.login("nina")
    response = edit(client, nomination, closed, employer="Too late")
    assert response.status_code == 302
    assert reloaded(nomination).employer != "Too late"


def test_someone_else_gets_403(client, auth, election, people):
    nomination = nomination_of(people, election)
    auth.login("sam")
    url = f"/nominations/{election.slug}/{nomination.id}/edit/"
    assert client.get(url).status_code == 403


def test_nominating_someone_without_an_account_stays_refused(
    client, auth, election, people
):
    auth.login("nina")
    html = nominate(client, election, email="nobody@example.com").get_data(as_text=True)
    assert "No python.org account uses this address." in html


# -- the statement preview ---------------------------------------------------------


def preview(client, auth_token, text, **kwargs):
    return client.post(
        "/nominations/statement-preview/",
        data={"nomination_statement": text},
        headers={"X-CSRFToken": auth_token},
        **kwargs,
    )


STATEMENT = (
    "Carl runs **PyCon**.\n\n<script>alert(1)</script>\n\n[site](https://example.org)"
)


def test_the_preview_renders_the_statement_exactly_as_stored(
    client, auth, election, people
):
    auth.login("nina")
    token = auth.csrf_token("/users/edit/")
    response = preview(client, token, STATEMENT)
    assert response.status_code == 200
    assert response.is_json
    html = response.get_json()["html"]
    assert html == str(render(STATEMENT, "markdown"))
    assert "<strong>PyCon</strong>" in html and "<script" not in html

    nomination = nomination_of(people, election, nomination_statement=STATEMENT)
    page = client.get(f"/nominations/{election.slug}/{nomination.id}/")
    stored = re.search(
        r'<div class="statement">(.*?)</div>\n', page.get_data(as_text=True), re.S
    )
    assert stored.group(1) == html


def test_the_preview_takes_json_too(client, auth, people):
    auth.login("nina")
    response = client.post(
        "/nominations/statement-preview/",
        json={"nomination_statement": "*hi*"},
        headers={"X-CSRFToken": auth.csrf_token("/users/edit/")},
    )
    assert response.get_json() == {"html": "<p><em>hi</em></p>"}


def test_the_preview_needs_a_login_a_post_and_the_csrf_token(client, auth, people):
    response = client.post("/nominations/statement-preview/", data={})
    assert response.status_code in (302, 400)
    assert client.get("/nominations/statement-preview/").status_code in (404, 405)
    auth.login("nina")
    assert preview(client, "wrong", "x").status_code == 400


def test_anonymous_preview_is_sent_to_log_in(client, auth, people):
    token = auth.csrf_token()
    response = preview(client, token, "x")
    assert response.status_code == 302
    assert response.location.startswith("/accounts/login/")


def test_an_overlong_statement_is_a_400_with_a_message(client, auth, people):
    auth.login("nina")
    response = preview(client, auth.csrf_token("/users/edit/"), "x" * 20001)
    assert response.status_code == 400
    assert "longer than" in response.get_json()["error"]


@pytest.mark.parametrize("page", ["create", "edit"])
def test_the_forms_load_the_preview_script_without_inline_script(
    client, auth, election, people, page
):
    auth.login("nina")
    if page == "create":
        url = f"/nominations/{election.slug}/create/"
    else:
        url = f"/nominations/{election.slug}/{nomination_of(people, election).id}/edit/"
    html = client.get(url).get_data(as_text=True)
    assert 'data-statement-preview="/nominations/statement-preview/"' in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all(
        'src="/static/' in attrs and not body.strip() for attrs, body in scripts
    )
    assert (STATIC / "js" / "statement-preview.js").is_file()
    with client.get("/static/js/statement-preview.js") as script:
        assert script.status_code == 200


# -- /users/nominations/ -----------------------------------------------------------


def test_users_nominations_lists_received_and_made_across_elections_newest_first(
    client, auth, people, session
):
    older = ElectionFactory(
        name="Board Election 2020",
        nominations_open=today() - timedelta(days=400),
        nominations_close=today() - timedelta(days=390),
        voting_open=today() - timedelta(days=380),
        voting_close=today() - timedelta(days=370),
    )
    newer = ElectionFactory(name="Board Election 2031")
    carl, nina = people["candidate"], people["nominator"]
    NominationFactory(
        name="Carl C", nominee=NomineeFactory(election=older, user=carl), nominator=nina
    )
    NominationFactory(
        name="Nina N", nominee=NomineeFactory(election=newer, user=nina), nominator=carl
    )
    NominationFactory(name="Unrelated", nominee=NomineeFactory(election=newer))
    db.session.commit()

    assert client.get("/users/nominations/").status_code == 302  # login first
    auth.login("carl")
    html = client.get("/users/nominations/").get_data(as_text=True)
    headings = re.findall(r"<h2><a [^>]*>(.*?)</a></h2>", html)
    assert headings == ["Board Election 2031", "Board Election 2020"]
    assert "Unrelated" not in html
    assert "your nomination: waiting for them to accept" in html  # made, in 2031
    assert "nominated you (Nina N)" in html  # received, in 2020
    # Only the open election's nomination is editable.
    assert len(re.findall(r"/nominations/[^\"]+/edit/", html)) == 1


def test_nominations_is_not_a_username(session):
    from pydotorg.domains.users.services.accounts import UserService

    assert UserService(db.session).username_problems("Nominations")
