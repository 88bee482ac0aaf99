"""Factories for board minutes."""

from datetime import date, timedelta

import factory

from pydotorg.core.markup import ContentType
from pydotorg.domains.minutes.models import Minutes
from tests.factories.base import ModelFactory
from tests.factories.users import UserFactory


class MinutesFactory(ModelFactory):
    class Meta:
        model = Minutes

    date = factory.Sequence(lambda n: date(2020, 1, 1) + timedelta(days=7 * n))
    content = "Attendees\n=========\n\nThe whole board."
    content_type = ContentType.RESTRUCTUREDTEXT
    is_published = True
    creator = factory.SubFactory(UserFactory)
