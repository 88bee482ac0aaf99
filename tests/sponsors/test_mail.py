"""Workflow mail: the PSF and the submitter hear of each sponsorship step."""

from datetime import date

import pytest

from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.domains.sponsors.services import (
    PSF_SPONSORS_EMAIL,
    ContractService,
    SponsorshipService,
)
from pydotorg.extensions import db
from tests.factories.sponsors import SponsorFactory, SponsorshipLevelFactory


@pytest.fixture
def templates(session):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()


def test_apply_approve_and_send_mail_the_psf_and_submitter(
    templates, smtp_server, user
):
    service = SponsorshipService(db.session)
    sponsor = SponsorFactory(name="Acme Widgets")
    level = SponsorshipLevelFactory(name="Visionary")
    sponsorship = service.apply(sponsor, level, by=user)
    db.session.commit()
    contract = service.approve(
        sponsorship, start_date=date(2025, 1, 1), end_date=date(2025, 12, 31)
    )
    db.session.commit()
    ContractService(db.session).send(contract)
    db.session.commit()

    by_subject = {}
    for message in smtp_server.messages:
        by_subject.setdefault(message["Subject"], set()).add(message["To"])
    expected = {PSF_SPONSORS_EMAIL, user.email}
    assert by_subject == {
        "Sponsorship application from Acme Widgets": expected,
        "Your Visionary sponsorship was approved": expected,
        "Sponsorship contract for Acme Widgets is awaiting signature": expected,
    }


def test_reject_mails_the_psf(templates, smtp_server):
    service = SponsorshipService(db.session)
    sponsorship = service.apply(
        SponsorFactory(name="Nope Inc"), SponsorshipLevelFactory()
    )
    db.session.commit()
    service.reject(sponsorship)
    db.session.commit()
    subjects = [m["Subject"] for m in smtp_server.messages]
    assert "Sponsorship application of Nope Inc was not accepted" in subjects
