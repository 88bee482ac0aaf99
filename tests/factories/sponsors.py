"""Factories for sponsors, levels, sponsorships, contracts and legal clauses."""

from datetime import date
from decimal import Decimal

import factory

from pydotorg.domains.sponsors.models import (
    Contract,
    LegalClause,
    Sponsor,
    Sponsorship,
    SponsorshipLevel,
    SponsorshipStatus,
)
from tests.factories.base import ModelFactory


class SponsorFactory(ModelFactory):
    class Meta:
        model = Sponsor

    name = factory.Sequence(lambda n: f"Sponsor Company {n}")
    description = "Builds tools for Python developers."
    landing_page_url = factory.Sequence(lambda n: f"https://sponsor{n}.example.com/")
    web_logo = factory.Sequence(lambda n: f"sponsors/logo{n}.png")
    city = "Wilmington"
    state = "DE"
    country = "US"


class SponsorshipLevelFactory(ModelFactory):
    class Meta:
        model = SponsorshipLevel

    name = factory.Sequence(lambda n: f"Level {n}")
    order = factory.Sequence(lambda n: n)
    sponsorship_amount = 15000
    logo_dimension = 250
    year = 2025
    advertise = True


class SponsorshipFactory(ModelFactory):
    class Meta:
        model = Sponsorship

    sponsor = factory.SubFactory(SponsorFactory)
    level = factory.SubFactory(SponsorshipLevelFactory)
    status = SponsorshipStatus.APPLIED
    applied_on = date(2025, 1, 10)
    year = 2025
    sponsorship_fee = Decimal("15000.00")


class ContractFactory(ModelFactory):
    class Meta:
        model = Contract

    sponsorship = factory.SubFactory(
        SponsorshipFactory, status=SponsorshipStatus.APPROVED, locked=True
    )
    sponsor_info = factory.LazyAttribute(lambda o: o.sponsorship.sponsor.name)


class LegalClauseFactory(ModelFactory):
    class Meta:
        model = LegalClause

    internal_name = factory.Sequence(lambda n: f"clause-{n}")
    clause = "The sponsor agrees to the PSF's trademark usage policy."
    order = factory.Sequence(lambda n: n)
