"""Factories for calendars, events, locations, occurrences and recurring rules."""

from datetime import UTC, datetime, timedelta

import factory

from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventCategory,
    EventLocation,
    EventOccurrence,
    RecurrenceFrequency,
    RecurringRule,
)
from tests.factories.base import ModelFactory


class CalendarFactory(ModelFactory):
    class Meta:
        model = Calendar

    name = factory.Sequence(lambda n: f"Calendar {n}")


class EventCategoryFactory(ModelFactory):
    class Meta:
        model = EventCategory

    name = factory.Sequence(lambda n: f"Category {n}")
    calendar = factory.SubFactory(CalendarFactory)


class EventLocationFactory(ModelFactory):
    class Meta:
        model = EventLocation

    name = factory.Sequence(lambda n: f"Venue {n}")
    address = "1 Python Way"
    calendar = factory.SubFactory(CalendarFactory)


class EventFactory(ModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Python meetup {n}")
    description = "Talks and *pizza*."
    calendar = factory.SubFactory(CalendarFactory)


class EventOccurrenceFactory(ModelFactory):
    class Meta:
        model = EventOccurrence

    event = factory.SubFactory(EventFactory)
    dt_start = datetime(2030, 5, 1, 18, tzinfo=UTC)
    dt_end = factory.LazyAttribute(lambda o: o.dt_start + timedelta(hours=2))


class RecurringRuleFactory(ModelFactory):
    class Meta:
        model = RecurringRule

    event = factory.SubFactory(EventFactory)
    begin = datetime(2030, 1, 7, 18, tzinfo=UTC)
    finish = datetime(2030, 3, 31, 20, tzinfo=UTC)
    duration = timedelta(hours=2)
    interval = 1
    frequency = int(RecurrenceFrequency.WEEKLY)
