"""Publishing minutes and what the public and staff may read."""

from datetime import date

import pytest

from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.minutes.services import MinutesError, MinutesService
from pydotorg.extensions import db
from tests.factories.minutes import MinutesFactory


def test_publish_and_unpublish(session, staff_user):
    minutes = MinutesFactory(is_published=False)
    service = MinutesService(db.session)
    service.publish(minutes, by=staff_user)
    assert minutes.is_published is True
    service.unpublish(minutes, by=staff_user)
    assert minutes.is_published is False


def test_empty_minutes_cannot_be_published(session, staff_user):
    minutes = MinutesFactory(is_published=False, content="   ")
    with pytest.raises(MinutesError, match="no content"):
        MinutesService(db.session).publish(minutes, by=staff_user)
    assert minutes.is_published is False


def test_only_staff_may_publish(session, user):
    minutes = MinutesFactory(is_published=False)
    with pytest.raises(PermissionDenied):
        MinutesService(db.session).publish(minutes, by=user)


def test_listing_is_newest_first_and_hides_drafts_from_the_public(session, staff_user):
    MinutesFactory(date=date(2024, 1, 10))
    MinutesFactory(date=date(2024, 3, 13))
    MinutesFactory(date=date(2024, 2, 14), is_published=False)
    service = MinutesService(db.session)
    public = db.session.scalars(service.listing()).all()
    staff = db.session.scalars(service.listing(viewer=staff_user)).all()
    assert [m.slug for m in public] == ["2024-03-13", "2024-01-10"]
    assert [m.slug for m in staff] == ["2024-03-13", "2024-02-14", "2024-01-10"]


def test_drafts_are_found_by_slug_only_for_staff(session, user, staff_user):
    MinutesFactory(date=date(2024, 2, 14), is_published=False)
    service = MinutesService(db.session)
    assert service.get_by_slug("2024-02-14") is None
    assert service.get_by_slug("2024-02-14", viewer=user) is None
    assert service.get_by_slug("2024-02-14", viewer=staff_user) is not None


def test_same_year_lists_the_other_meetings_of_that_year(session, staff_user):
    current = MinutesFactory(date=date(2024, 6, 12))
    MinutesFactory(date=date(2024, 1, 10))
    MinutesFactory(date=date(2024, 12, 31))
    MinutesFactory(date=date(2024, 9, 11), is_published=False)
    MinutesFactory(date=date(2023, 12, 13))
    MinutesFactory(date=date(2025, 1, 1))
    service = MinutesService(db.session)
    assert [m.slug for m in service.same_year(current)] == [
        "2024-01-10",
        "2024-12-31",
    ]
    with_drafts = service.same_year(current, viewer=staff_user)
    assert "2024-09-11" in [m.slug for m in with_drafts]
