"""Factories for work groups."""

import factory

from pydotorg.domains.work_groups.models import WorkGroup
from tests.factories.base import ModelFactory
from tests.factories.users import UserFactory


class WorkGroupFactory(ModelFactory):
    class Meta:
        model = WorkGroup

    name = factory.Sequence(lambda n: f"Work group {n}")
    short_description = "Keeps an eye on things."
    purpose = "The group **keeps** an eye on things."
    active = True
    creator = factory.SubFactory(UserFactory)
