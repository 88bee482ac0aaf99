"""Factories for code samples."""

import factory

from pydotorg.domains.codesamples.models import CodeSample
from tests.factories.base import ModelFactory
from tests.factories.users import UserFactory


class CodeSampleFactory(ModelFactory):
    class Meta:
        model = CodeSample

    title = factory.Sequence(lambda n: f"Code sample {n}")
    code = ">>> print('Hello, world!')\nHello, world!"
    description = "<p>Prints a greeting.</p>"
    is_published = True
    creator = factory.SubFactory(UserFactory)
