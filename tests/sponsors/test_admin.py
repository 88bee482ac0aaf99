"""The sponsors admin: list, create and edit forms, and the workflow actions."""

from datetime import date

import sqlalchemy as sa

from pydotorg.domains.sponsors.models import (
    ContractStatus,
    Sponsor,
    Sponsorship,
    SponsorshipStatus,
)
from pydotorg.extensions import db
from tests.factories.sponsors import (
    ContractFactory,
    SponsorFactory,
    SponsorshipFactory,
    SponsorshipLevelFactory,
)
from tests.fixtures.admin_forms import admin_action, admin_form

SPONSOR_FORM = {
    "name": "Acme Widgets",
    "slug": "",
    "web_logo": "sponsors/acme.png",
    "landing_page_url": "https://acme.example.com/",
}


def sponsor_count():
    return db.session.scalar(sa.select(sa.func.count(Sponsor.id)))


def test_every_sponsors_list_and_create_view_answers(staff_client, session):
    ContractFactory()
    db.session.commit()
    for table in (
        "sponsors",
        "sponsorship_levels",
        "sponsorships",
        "sponsor_contracts",
        "sponsor_legal_clauses",
    ):
        assert staff_client.get(f"/admin/{table}/").status_code == 200, table
        if table != "sponsor_contracts":
            response = staff_client.get(f"/admin/{table}/new/")
            assert response.status_code == 200, table


def test_sponsorship_list_shows_names_not_ids(staff_client, session):
    sponsorship = SponsorshipFactory(sponsor__name="Bloomberg")
    db.session.commit()
    html = staff_client.get("/admin/sponsorships/").get_data(as_text=True)
    assert "Bloomberg" in html
    assert str(sponsorship.sponsor_id) not in html


def test_create_sponsor_makes_a_slug_and_records_the_creator(staff_client, superuser):
    response = admin_form(staff_client, "/admin/sponsors/new/", SPONSOR_FORM)
    assert response.status_code == 302
    sponsor = db.session.scalar(
        sa.select(Sponsor).where(Sponsor.name == "Acme Widgets")
    )
    assert sponsor.slug == "acme-widgets"
    assert sponsor.creator_id == superuser.id


def test_create_sponsor_without_name_is_a_form_error(staff_client, session):
    before = sponsor_count()
    response = admin_form(
        staff_client, "/admin/sponsors/new/", {**SPONSOR_FORM, "name": ""}
    )
    assert response.status_code == 200
    assert "This field is required." in response.get_data(as_text=True)
    assert sponsor_count() == before


def test_duplicate_explicit_slug_is_a_form_error(staff_client, session):
    SponsorFactory(name="Existing", slug="acme")
    db.session.commit()
    before = sponsor_count()
    response = admin_form(
        staff_client, "/admin/sponsors/new/", {**SPONSOR_FORM, "slug": "acme"}
    )
    assert response.status_code == 200
    assert "Already exists." in response.get_data(as_text=True)
    assert sponsor_count() == before


def test_edit_sponsor_keeps_its_slug(staff_client, session):
    sponsor = SponsorFactory(name="Old Name")
    db.session.commit()
    url = f"/admin/sponsors/edit/?id={sponsor.id}"
    response = admin_form(
        staff_client,
        url,
        {**SPONSOR_FORM, "name": "New Name", "slug": sponsor.slug},
    )
    assert response.status_code == 302
    db.session.refresh(sponsor)
    assert (sponsor.name, sponsor.slug) == ("New Name", "old-name")


def test_creating_a_sponsorship_in_the_admin_is_an_application(staff_client):
    sponsor, level = SponsorFactory(), SponsorshipLevelFactory()
    db.session.commit()
    response = admin_form(
        staff_client,
        "/admin/sponsorships/new/",
        {
            "sponsor": str(sponsor.id),
            "level": str(level.id),
            "sponsorship_fee": "15000",
            "year": "2025",
        },
    )
    assert response.status_code == 302
    sponsorship = db.session.scalar(
        sa.select(Sponsorship).where(Sponsorship.sponsor_id == sponsor.id)
    )
    assert sponsorship.status is SponsorshipStatus.APPLIED
    assert sponsorship.applied_on is not None


def test_second_application_in_the_admin_is_refused(staff_client):
    existing = SponsorshipFactory()
    db.session.commit()
    response = admin_form(
        staff_client,
        "/admin/sponsorships/new/",
        {
            "sponsor": str(existing.sponsor_id),
            "level": str(existing.level_id),
            "sponsorship_fee": "1",
        },
    )
    assert "already has a sponsorship application" in response.get_data(as_text=True)
    count = db.session.scalar(
        sa.select(sa.func.count(Sponsorship.id)).where(
            Sponsorship.sponsor_id == existing.sponsor_id
        )
    )
    assert count == 1


def test_locked_sponsorship_edit_is_refused(staff_client):
    sponsorship = SponsorshipFactory(locked=True, renewal=False)
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/sponsorships/edit/?id={sponsorship.id}",
        {
            "sponsor": str(sponsorship.sponsor_id),
            "level": str(sponsorship.level_id),
            "sponsorship_fee": "1",
            "renewal": "y",
        },
    )
    assert "locked" in response.get_data(as_text=True)
    db.session.refresh(sponsorship)
    assert sponsorship.renewal is False


def test_approve_action_approves_and_drafts_a_contract(staff_client):
    ready = SponsorshipFactory(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31))
    undated = SponsorshipFactory()
    db.session.commit()
    page = admin_action(staff_client, "sponsorships", "approve", [ready.id, undated.id])
    html = page.get_data(as_text=True)
    assert "1 sponsorship(s) approved." in html
    assert "Set the start and end dates, then approve." in html
    db.session.expire_all()
    assert ready.status is SponsorshipStatus.APPROVED
    assert ready.contract.status is ContractStatus.DRAFT
    assert undated.status is SponsorshipStatus.APPLIED


def test_reject_action_refuses_finalized_sponsorships(staff_client):
    applied = SponsorshipFactory()
    finalized = SponsorshipFactory(status=SponsorshipStatus.FINALIZED)
    db.session.commit()
    page = admin_action(
        staff_client, "sponsorships", "reject", [applied.id, finalized.id]
    )
    assert "is FINALIZED" in page.get_data(as_text=True)
    db.session.expire_all()
    assert applied.status is SponsorshipStatus.REJECTED
    assert finalized.status is SponsorshipStatus.FINALIZED


def test_contract_actions_send_execute_and_finalize(staff_client):
    contract = ContractFactory()
    db.session.commit()
    admin_action(staff_client, "sponsor_contracts", "send", [contract.id])
    db.session.expire_all()
    assert contract.status is ContractStatus.AWAITING_SIGNATURE
    page = admin_action(staff_client, "sponsor_contracts", "send", [contract.id])
    assert "Can&#39;t send" in page.get_data(as_text=True)
    admin_action(staff_client, "sponsor_contracts", "execute", [contract.id])
    db.session.expire_all()
    assert contract.status is ContractStatus.EXECUTED
    assert contract.sponsorship.status is SponsorshipStatus.FINALIZED


def test_contract_nullify_action(staff_client):
    contract = ContractFactory(status=ContractStatus.AWAITING_SIGNATURE)
    db.session.commit()
    admin_action(staff_client, "sponsor_contracts", "nullify", [contract.id])
    db.session.expire_all()
    assert contract.status is ContractStatus.NULLIFIED


def test_executed_contract_cannot_be_edited(staff_client):
    contract = ContractFactory(status=ContractStatus.EXECUTED, benefits_list="old")
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/sponsor_contracts/edit/?id={contract.id}",
        {"benefits_list": "new", "sponsor_info": "x"},
    )
    assert "Can&#39;t edit a contract that is EXECUTED" in response.get_data(
        as_text=True
    )
    db.session.refresh(contract)
    assert contract.benefits_list == "old"


def test_editing_a_draft_contract_bumps_its_revision(staff_client):
    contract = ContractFactory()
    db.session.commit()
    response = admin_form(
        staff_client,
        f"/admin/sponsor_contracts/edit/?id={contract.id}",
        {"benefits_list": "- Visionary", "sponsor_info": "Acme"},
    )
    assert response.status_code == 302
    db.session.refresh(contract)
    assert (contract.revision, contract.benefits_list) == (1, "- Visionary")
