"""Event tables: slugs, names, cascades and the category association."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventOccurrence,
    RecurringRule,
    event_event_categories,
)
from pydotorg.extensions import db
from tests.factories.events import (
    CalendarFactory,
    EventCategoryFactory,
    EventFactory,
    EventLocationFactory,
    EventOccurrenceFactory,
    RecurringRuleFactory,
)


def rows(table) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(table))


def test_an_event_slug_and_name_follow_its_title(session):
    event = EventFactory(title="PyCon US 2027")
    db.session.expire(event)
    assert (event.slug, event.name) == ("pycon-us-2027", "PyCon US 2027")


def test_calendar_and_category_slugs_are_unique(session):
    CalendarFactory(name="Python Events")
    assert CalendarFactory(name="Python Events").slug == "python-events-2"
    EventCategoryFactory(slug="taken")
    with pytest.raises(IntegrityError):
        EventCategoryFactory(slug="taken")


def test_deleting_a_calendar_deletes_its_events_and_their_dates(session):
    event = EventFactory()
    event.categories = [EventCategoryFactory(calendar=event.calendar)]
    EventOccurrenceFactory(event=event)
    RecurringRuleFactory(event=event)
    db.session.flush()
    db.session.execute(sa.delete(Calendar).where(Calendar.id == event.calendar_id))
    for table in (Event, EventOccurrence, RecurringRule, event_event_categories):
        assert rows(table) == 0


def test_deleting_a_venue_keeps_the_event(session):
    venue = EventLocationFactory()
    event = EventFactory(venue=venue, calendar=venue.calendar)
    db.session.delete(venue)
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(Event, event.id).venue_id is None


def test_rules_and_occurrences_read_well(session):
    rule = RecurringRuleFactory(interval=2)
    occurrence = EventOccurrenceFactory(event=rule.event)
    assert str(rule) == "weekly every 2 from 2030-01-07 to 2030-03-31"
    assert str(occurrence) == f"{rule.event.title} on 2030-05-01 18:00"
