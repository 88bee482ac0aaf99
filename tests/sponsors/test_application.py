"""The public sponsorship application: pick a level, describe the sponsor, apply."""

import io
import re

import pytest
import sqlalchemy as sa

from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.domains.sponsors.models import Sponsor, Sponsorship, SponsorshipStatus
from pydotorg.domains.sponsors.services import PSF_SPONSORS_EMAIL
from pydotorg.extensions import db
from tests.conftest import csrf_token_from
from tests.factories.sponsors import (
    SponsorFactory,
    SponsorshipFactory,
    SponsorshipLevelFactory,
)
from tests.factories.users import UserFactory

URL = "/sponsors/application/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def levels(session):
    EmailTemplateService(db.session).sync_defaults()
    old = SponsorshipLevelFactory(name="Old Visionary", year=2024)
    visionary = SponsorshipLevelFactory(name="Visionary", year=2025, order=1)
    supporting = SponsorshipLevelFactory(
        name="Supporting", year=2025, order=2, sponsorship_amount=5000
    )
    db.session.commit()
    return {"old": old, "visionary": visionary, "supporting": supporting}


@pytest.fixture
def applicant(session, auth):
    user = UserFactory(username="alice", email="alice@acme.example")
    db.session.commit()
    auth.login("alice")
    return user


def details(level, **overrides):
    data = {
        "level_id": str(level.id),
        "sponsor_id": "",
        "name": "Acme Widgets",
        "description": "Widgets for Pythonistas.",
        "landing_page_url": "https://acme.example/",
        "twitter_handle": "@acme",
        "linked_in_page_url": "",
        "primary_phone": "+1 555 0100",
        "mailing_address_line_1": "1 Widget Way",
        "mailing_address_line_2": "",
        "city": "Springfield",
        "state": "OR",
        "postal_code": "97403",
        "country": "US",
        "country_of_incorporation": "US",
        "state_of_incorporation": "DE",
        "web_logo": (io.BytesIO(PNG), "Acme Logo.png"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def post(client, data):
    token = csrf_token_from(client.get(URL).get_data(as_text=True))
    return client.post(
        URL, data={**data, "csrf_token": token}, content_type="multipart/form-data"
    )


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def logos(media_root):
    folder = media_root / "sponsors" / "logos"
    return set(folder.iterdir()) if folder.exists() else set()


def field_errors(html, name):
    """The error paragraphs inside the form-field block of ``name``."""
    block = re.search(
        rf'<div class="form-field has-error">\s*<label for="{name}".*?</div>',
        html,
        re.S,
    )
    assert block, f"no error beside {name}"
    return re.findall(r'<p class="field-error">(.*?)</p>', block.group(0))


def test_anonymous_visitors_are_sent_to_log_in(client, levels):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


def test_the_form_offers_the_newest_levels(client, levels, applicant):
    page = client.get(URL).get_data(as_text=True)
    assert 'name="csrf_token"' in page
    assert "Visionary (2025) — $15,000" in page
    assert "Supporting (2025) — $5,000" in page
    assert "Old Visionary" not in page


def test_applying_creates_the_sponsor_and_an_applied_sponsorship(
    client, levels, applicant, media_root, smtp_server
):
    response = post(client, details(levels["visionary"]))
    assert response.status_code == 302, response.get_data(as_text=True)
    sponsorship = db.session.scalar(sa.select(Sponsorship))
    assert response.headers["Location"] == (
        f"/sponsors/application/{sponsorship.id}/finished/"
    )
    assert sponsorship.status is SponsorshipStatus.APPLIED
    assert sponsorship.level == levels["visionary"]
    assert sponsorship.submitted_by == applicant
    assert sponsorship.year == 2025
    sponsor = sponsorship.sponsor
    assert (sponsor.name, sponsor.city, sponsor.twitter_handle) == (
        "Acme Widgets",
        "Springfield",
        "@acme",
    )
    assert sponsor.creator == applicant
    assert sponsor.web_logo.startswith("sponsors/logos/")
    assert sponsor.web_logo.endswith("-acme_logo.png")
    assert (media_root / sponsor.web_logo).read_bytes() == PNG

    assert {(m["Subject"], m["To"]) for m in smtp_server.messages} == {
        ("Sponsorship application from Acme Widgets", PSF_SPONSORS_EMAIL),
        ("Sponsorship application from Acme Widgets", "alice@acme.example"),
    }

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you for applying" in page
    assert "<strong>Acme Widgets</strong>" in page
    assert "<strong>Visionary</strong>" in page
    assert "USD 15,000.00" in page
    assert PSF_SPONSORS_EMAIL in page and "alice@acme.example" in page


def test_bad_input_is_shown_beside_the_fields_and_nothing_is_saved(
    client, levels, applicant, media_root
):
    before = logos(media_root)
    response = post(
        client,
        details(
            levels["visionary"],
            name="",
            landing_page_url="javascript:alert(1)",
            twitter_handle="not a handle!",
            level_id="",
        ),
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert field_errors(page, "name") == ["This field is required."]
    assert "Enter a full web address" in field_errors(page, "landing_page_url")[0]
    assert field_errors(page, "twitter_handle") == ["Letters, digits and _ only."]
    assert field_errors(page, "level_id") == ["This field is required."]
    assert count(Sponsor) == 0 and count(Sponsorship) == 0
    assert logos(media_root) == before


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        (None, "Upload your logo."),
        ((io.BytesIO(b"<svg onload=alert(1)>"), "logo.svg"), "only .gif, .jpeg"),
        ((io.BytesIO(b"GIF89a fake"), "logo.png"), "not a valid png file"),
    ],
)
def test_the_logo_is_required_and_must_be_an_image(
    client, levels, applicant, logo, message
):
    response = post(client, details(levels["visionary"], web_logo=logo))
    assert message in field_errors(response.get_data(as_text=True), "web_logo")[0]
    assert count(Sponsor) == 0


def test_a_level_from_another_year_is_refused(client, levels, applicant):
    response = post(client, details(levels["old"]))
    assert field_errors(response.get_data(as_text=True), "level_id")
    assert count(Sponsorship) == 0


def test_the_csrf_token_is_required(client, levels, applicant):
    response = client.post(
        URL, data=details(levels["visionary"]), content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert count(Sponsorship) == 0


def test_a_second_application_while_one_is_open_is_refused(
    client, levels, applicant, media_root
):
    assert post(client, details(levels["visionary"])).status_code == 302
    before = logos(media_root)
    response = post(client, details(levels["supporting"]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        '<p class="form-error" role="alert">Acme Widgets already has a sponsorship '
        "application in progress (Visionary, applied)." in page
    )
    assert count(Sponsor) == 1 and count(Sponsorship) == 1
    assert logos(media_root) == before


def test_a_sponsor_applies_again_once_the_last_application_is_closed(
    client, levels, applicant
):
    sponsor = SponsorFactory(name="Acme Widgets", web_logo="sponsors/acme.png")
    SponsorshipFactory(
        sponsor=sponsor, submitted_by=applicant, status=SponsorshipStatus.REJECTED
    )
    db.session.commit()
    form = client.get(f"{URL}?sponsor={sponsor.id}").get_data(as_text=True)
    assert 'value="Acme Widgets"' in form
    assert f'<option selected value="{sponsor.id}">Acme Widgets</option>' in form
    response = post(
        client,
        details(
            levels["supporting"],
            sponsor_id=str(sponsor.id),
            city="Portland",
            web_logo=None,
        ),
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert count(Sponsor) == 1
    assert sponsor.city == "Portland"
    assert sponsor.web_logo == "sponsors/acme.png"  # kept: no new logo uploaded
    assert {s.status for s in sponsor.sponsorships} == {
        SponsorshipStatus.REJECTED,
        SponsorshipStatus.APPLIED,
    }


def test_nobody_applies_for_someone_elses_sponsor(client, levels, applicant):
    other = SponsorFactory(name="Globex")
    SponsorshipFactory(sponsor=other, status=SponsorshipStatus.REJECTED)
    db.session.commit()
    # Not offered as a choice, and a new sponsor can't take its name.
    assert "Globex" not in client.get(URL).get_data(as_text=True)
    response = post(client, details(levels["visionary"], sponsor_id=str(other.id)))
    assert "Not a valid choice." in field_errors(
        response.get_data(as_text=True), "sponsor_id"
    )
    response = post(client, details(levels["visionary"], name="globex"))
    assert (
        "A sponsor called globex is already registered"
        in field_errors(response.get_data(as_text=True), "name")[0]
    )
    assert count(Sponsorship) == 1


def test_the_confirmation_is_only_for_the_applicant(client, auth, levels, applicant):
    post(client, details(levels["visionary"]))
    sponsorship = db.session.scalar(sa.select(Sponsorship))
    url = f"/sponsors/application/{sponsorship.id}/finished/"
    UserFactory(username="mallory")
    db.session.commit()
    auth.logout()
    auth.login("mallory")
    assert client.get(url).status_code == 404
