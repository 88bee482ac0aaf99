"""Work group rows: slugs from the name, the required owner, charter sections."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.work_groups import WorkGroupFactory


def test_slug_is_made_from_the_name_and_kept_unique(session):
    first = WorkGroupFactory(name="Packaging Work Group")
    second = WorkGroupFactory(name="Packaging Work Group")
    assert first.slug == "packaging-work-group"
    assert second.slug == "packaging-work-group-2"
    assert str(first) == "Packaging Work Group"


def test_a_user_who_owns_work_groups_cannot_be_deleted(session):
    group = WorkGroupFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(User).where(User.id == group.creator_id))
    db.session.rollback()


def test_charter_sections_lists_only_the_filled_in_ones(session):
    group = WorkGroupFactory(active_time="Ongoing.", rules="Be kind.")
    assert group.charter_sections() == [
        ("Active time", "Ongoing."),
        ("Rules", "Be kind."),
    ]
