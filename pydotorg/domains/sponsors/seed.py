"""Demo sponsors for ``flask seed``: python.org's 2022 levels, clauses, two sponsors.

One sponsor's sponsorship is approved with a draft contract; the other's contract
is executed, so it shows on ``/sponsors/``. Rows are matched by natural keys and
built without the services' workflow mail.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.models import get_or_create
from pydotorg.domains.sponsors.models import (
    LegalClause,
    Sponsor,
    Sponsorship,
    SponsorshipLevel,
    SponsorshipStatus,
    today,
)
from pydotorg.domains.sponsors.services import ContractService

# python.org's sponsorship packages (shared/data/pythondotorg-fixtures/sponsors.json):
# name, order, amount, advertise, logo dimension.
LEVELS = (
    ("Visionary", 0, 150000, True, 350),
    ("Sustainability", 1, 90000, True, 300),
    ("Maintaining", 2, 60000, True, 300),
    ("Contributing", 3, 30000, True, 275),
    ("Supporting", 4, 15000, True, 250),
    ("Partner", 5, 10000, True, 225),
    ("Participating", 6, 3750, True, 225),
    ("Associate", 7, 1500, True, 175),
    ("Open Source and Community", 8, 0, False, 175),
    ("Standalone Only", 9, 0, False, 175),
    ("PyCon Startup Row", 10, 0, False, 175),
)

LEGAL_CLAUSES = (
    ("trademark-usage", 0,
     "The Sponsor may use the PSF's trademarks only as described in the PSF "
     "Trademark Usage Policy.", "Applies to every logo placement."),
    ("logo-rights", 1,
     "The Sponsor grants the PSF a non-exclusive licence to display the Sponsor's "
     "name and logo for the term of the sponsorship.", ""),
    ("pycon-benefits", 2,
     "Benefits tied to PyCon US are delivered only if the conference takes place "
     "in person during the sponsorship term.", "Added after 2020."),
)  # fmt: skip

SPONSORS = (
    {
        "name": "Acme Analytics, Inc.",
        "description": "Acme Analytics builds data pipelines and dashboards in Python "
        "and supports the PyPI infrastructure.",
        "landing_page_url": "https://acme-analytics.example.com/",
        # Logos ship under static/, so the demo needs no uploads or network.
        "web_logo": "/static/img/sponsors/acme-analytics.svg",
        "primary_phone": "+1 302 555 0142",
        "mailing_address_line_1": "1209 Orange Street",
        "city": "Wilmington",
        "state": "DE",
        "postal_code": "19801",
        "country": "US",
        "country_of_incorporation": "US",
        "state_of_incorporation": "Delaware",
    },
    {
        "name": "Pinewood Cloud GmbH",
        "description": "Managed Python hosting from Berlin.",
        "landing_page_url": "https://pinewood-cloud.example.com/",
        "web_logo": "/static/img/sponsors/pinewood-cloud.svg",
        "mailing_address_line_1": "Friedrichstraße 68",
        "city": "Berlin",
        "postal_code": "10117",
        "country": "DE",
        "country_of_incorporation": "DE",
    },
)
# sponsor name, level, executed contract?
SPONSORSHIPS = (
    ("Acme Analytics, Inc.", "Visionary", False),
    ("Pinewood Cloud GmbH", "Supporting", True),
)
LEVELS_YEAR = 2022


def seed(session: Session) -> None:
    levels = {row[0]: _level(session, *row) for row in LEVELS}
    for internal_name, order, clause, notes in LEGAL_CLAUSES:
        if (
            session.scalar(
                sa.select(LegalClause).where(LegalClause.internal_name == internal_name)
            )
            is None
        ):
            session.add(
                LegalClause(
                    internal_name=internal_name, order=order, clause=clause, notes=notes
                )
            )
    session.flush()
    sponsors = {
        data["name"]: get_or_create(session, Sponsor, "name", data) for data in SPONSORS
    }
    for sponsor_name, level_name, executed in SPONSORSHIPS:
        _sponsorship(session, sponsors[sponsor_name], levels[level_name], executed)


def _level(
    session: Session, name: str, order: int, amount: int, advertise: bool, logo: int
) -> SponsorshipLevel:
    level = session.scalar(
        sa.select(SponsorshipLevel).where(
            SponsorshipLevel.name == name, SponsorshipLevel.year == LEVELS_YEAR
        )
    )
    if level is None:
        level = SponsorshipLevel(name=name, year=LEVELS_YEAR)
        session.add(level)
    level.order, level.sponsorship_amount = order, amount
    level.advertise, level.logo_dimension = advertise, logo
    return level


def _sponsorship(
    session: Session, sponsor: Sponsor, level: SponsorshipLevel, executed: bool
) -> None:
    """This year's sponsorship, approved with a contract (executed if asked)."""
    year = today().year
    exists = session.scalar(
        sa.select(Sponsorship).where(
            Sponsorship.sponsor_id == sponsor.id, Sponsorship.year == year
        )
    )
    if exists is not None:
        return
    sponsorship = Sponsorship(
        sponsor=sponsor,
        level=level,
        year=year,
        status=SponsorshipStatus.APPROVED,
        locked=True,
        applied_on=date(year, 1, 5),
        approved_on=date(year, 1, 20),
        start_date=date(year, 1, 1),
        end_date=date(year, 12, 31),
        sponsorship_fee=Decimal(level.sponsorship_amount),
    )
    session.add(sponsorship)
    session.flush()
    contracts = ContractService(session)
    contract = contracts.create_draft(sponsorship)
    if executed:
        contracts.execute(contract)
