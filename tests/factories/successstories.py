"""Factories for success stories and categories."""

import factory

from pydotorg.domains.successstories.models import Story, StoryCategory
from tests.factories.base import ModelFactory
from tests.factories.users import UserFactory


class StoryCategoryFactory(ModelFactory):
    class Meta:
        model = StoryCategory

    name = factory.Sequence(lambda n: f"Category {n}")


class StoryFactory(ModelFactory):
    class Meta:
        model = Story

    name = factory.Sequence(lambda n: f"Python powers company {n}")
    company_name = factory.Sequence(lambda n: f"Company {n}")
    company_url = "https://example.com/"
    category = factory.SubFactory(StoryCategoryFactory)
    creator = factory.SubFactory(UserFactory)
    content = "Python made *everything* easier."
    is_published = True
