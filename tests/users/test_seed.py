"""``demo_user``: the one helper every domain's seed uses for the owners of demo content."""

import sqlalchemy as sa

from pydotorg.domains.users.models import User
from pydotorg.domains.users.seed import demo_user
from pydotorg.extensions import db
from tests.factories.users import UserFactory


def test_demo_user_is_an_active_verified_account_without_a_password(session):
    user = demo_user(db.session)

    assert (user.username, user.email) == ("demo", "demo@example.org")
    assert user.full_name == "Demo User"
    assert user.is_active and user.email_verified
    assert user.password_hash is None
    assert not user.is_staff and not user.is_superuser


def test_demo_user_is_created_once_per_username(session):
    first = demo_user(db.session, "ada", first_name="Ada", last_name="Lovelace")
    again = demo_user(db.session, "ada", first_name="Other", last_name="Name")
    demo_user(db.session)

    assert again is first and first.full_name == "Ada Lovelace"
    usernames = db.session.scalars(sa.select(User.username)).all()
    assert sorted(usernames) == ["ada", "demo"]


def test_demo_user_reuses_an_account_that_differs_only_in_case(session):
    existing = UserFactory(username="Demo", email="someone@example.com")
    taken_email = UserFactory(username="someone", email="Stories-Editor@Example.org")

    assert demo_user(db.session) is existing
    assert demo_user(db.session, "stories-editor") is taken_email
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
