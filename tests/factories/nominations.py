"""Factories for elections, nominees and nominations."""

from datetime import timedelta

import factory

from pydotorg.domains.nominations.models import Election, Nomination, Nominee, today
from tests.factories.base import ModelFactory
from tests.factories.users import UserFactory


class ElectionFactory(ModelFactory):
    """An election whose nominations are open today."""

    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"PSF Board Election {2000 + n}")
    description = "Elect the directors of the PSF."
    nominations_open = factory.LazyFunction(lambda: today() - timedelta(days=5))
    nominations_close = factory.LazyFunction(lambda: today() + timedelta(days=5))
    voting_open = factory.LazyFunction(lambda: today() + timedelta(days=10))
    voting_close = factory.LazyFunction(lambda: today() + timedelta(days=20))


class NomineeFactory(ModelFactory):
    class Meta:
        model = Nominee

    election = factory.SubFactory(ElectionFactory)
    user = factory.SubFactory(UserFactory)


class NominationFactory(ModelFactory):
    class Meta:
        model = Nomination

    nominee = factory.SubFactory(NomineeFactory)
    nominator = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.nominee.user.full_name)
    email = factory.LazyAttribute(lambda o: o.nominee.user.email)
    nomination_statement = "A dedicated community organiser."
