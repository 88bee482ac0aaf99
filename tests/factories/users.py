"""Factories for users and memberships."""

import secrets

import factory
from werkzeug.security import generate_password_hash

from pydotorg.domains.users.models import ApiKey, Membership, User, UserGroup
from pydotorg.domains.users.services.api_keys import hash_api_key
from tests.conftest import TEST_PASSWORD
from tests.factories.base import ModelFactory


class UserFactory(ModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password_hash = factory.LazyFunction(
        lambda: generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")
    )
    email_verified = True
    is_active = True


class MembershipFactory(ModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    legal_name = factory.Faker("name")
    preferred_name = factory.LazyAttribute(lambda o: o.legal_name)
    email_address = factory.LazyAttribute(lambda o: o.user.email)
    psf_code_of_conduct = True


class UserGroupFactory(ModelFactory):
    class Meta:
        model = UserGroup

    name = factory.Sequence(lambda n: f"Python User Group {n}")
    location = factory.Faker("city")
    url = factory.Sequence(lambda n: f"https://pug{n}.example.org/")
    approved = True


class ApiKeyFactory(ModelFactory):
    """A key whose raw value is ``raw_key`` (kept on the object for tests)."""

    class Meta:
        model = ApiKey
        exclude = ("raw_key",)

    user = factory.SubFactory(UserFactory)
    name = "test key"
    raw_key = factory.LazyFunction(lambda: secrets.token_hex(20))
    key_hash = factory.LazyAttribute(lambda o: hash_api_key(o.raw_key))
    key_prefix = factory.LazyAttribute(lambda o: o.raw_key[:8])
