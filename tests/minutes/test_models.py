"""Minutes rows: one per date, addressed by the date."""

from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.minutes.models import Minutes
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.minutes import MinutesFactory


def test_slug_is_the_meeting_date_and_follows_it(session):
    minutes = MinutesFactory(date=date(2024, 3, 13))
    assert minutes.slug == "2024-03-13"
    assert str(minutes) == "Minutes of 2024-03-13"
    assert minutes.display_date == "March 13, 2024"
    minutes.date = date(2024, 3, 14)
    db.session.flush()
    assert minutes.slug == "2024-03-14"


def test_one_set_of_minutes_per_date(session):
    MinutesFactory(date=date(2024, 1, 10))
    with pytest.raises(IntegrityError):
        MinutesFactory(date=date(2024, 1, 10))
    db.session.rollback()


def test_a_user_who_owns_minutes_cannot_be_deleted(session):
    minutes = MinutesFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(User).where(User.id == minutes.creator_id))
    db.session.rollback()


def test_minutes_are_drafts_in_rst_by_default(session, user):
    minutes = Minutes(date=date(2024, 5, 1), content="x", creator=user)
    db.session.add(minutes)
    db.session.flush()
    assert minutes.is_published is False
    assert minutes.content_type.name == "RESTRUCTUREDTEXT"
