"""A sponsor's edit page lists its sponsorships and contracts, linked to their views."""

import sqlalchemy as sa

from pydotorg.domains.sponsors.models import ContractStatus, Sponsor, SponsorshipStatus
from pydotorg.extensions import db
from tests.factories.sponsors import (
    ContractFactory,
    SponsorFactory,
    SponsorshipFactory,
    SponsorshipLevelFactory,
)
from tests.fixtures.admin_forms import admin_form, form_values


def section(html: str) -> str:
    return html[html.index('id="sponsorships-title"') :]


def test_the_edit_page_lists_sponsorships_with_their_contracts(staff_client):
    sponsor = SponsorFactory(name="Acme")
    applied = SponsorshipFactory(
        sponsor=sponsor,
        level=SponsorshipLevelFactory(name="Gold"),
        year=2026,
        status=SponsorshipStatus.APPLIED,
    )
    contract = ContractFactory(
        sponsorship__sponsor=sponsor,
        sponsorship__level=SponsorshipLevelFactory(name="Silver"),
        sponsorship__year=2025,
        status=ContractStatus.AWAITING_SIGNATURE,
        revision=2,
    )
    SponsorshipFactory(level=SponsorshipLevelFactory(name="Someone else's"))
    db.session.commit()

    html = section(staff_client.get(f"/admin/sponsors/edit/?id={sponsor.id}").text)

    assert html.index("Gold 2026") < html.index("Silver 2025")  # newest first
    assert "Someone else" not in html
    assert f"/admin/sponsorships/edit/?id={applied.id}" in html
    assert f"/admin/sponsor_contracts/edit/?id={contract.id}" in html
    assert "Awaiting signature, revision 2" in html
    assert "Applied" in html and "Locked" in html
    assert "15,000.00" in html
    assert "/admin/sponsorships/new/" in html


def test_the_list_is_one_query(app, staff_client, count_queries):
    sponsor = SponsorFactory()
    for _ in range(3):
        ContractFactory(sponsorship__sponsor=sponsor)
    db.session.commit()
    admin_view = next(
        v for v in app.extensions["admin"][0]._views if v.endpoint == "sponsors_admin"
    )
    sponsor = db.session.get(type(sponsor), sponsor.id)  # loaded before counting
    with count_queries() as counter:
        rows = admin_view.sponsorships(sponsor)
        [(row.level.name, row.contract.status) for row in rows]
    assert len(rows) == 3
    assert len(counter.statements) == 1


def test_a_sponsor_without_sponsorships_saves_as_before(staff_client):
    sponsor = SponsorFactory(name="Acme")
    db.session.commit()
    url = f"/admin/sponsors/edit/?id={sponsor.id}"
    html = staff_client.get(url).text
    assert "No sponsorship yet." in section(html)
    values = form_values(html)
    values["city"] = "Berlin"
    assert admin_form(staff_client, url, values).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(Sponsor.city)) == "Berlin"
