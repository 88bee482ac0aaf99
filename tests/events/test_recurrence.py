"""Occurrences generated from recurring rules with dateutil.rrule."""

from datetime import UTC, datetime, timedelta

import pytest

from pydotorg.domains.events.models import RecurrenceFrequency
from pydotorg.domains.events.services import EventError, EventService
from pydotorg.extensions import db
from tests.factories.events import (
    EventFactory,
    EventOccurrenceFactory,
    RecurringRuleFactory,
)

NOW = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture
def service(session):
    return EventService(db.session)


def starts(event):
    return [o.dt_start for o in sorted(event.occurrences, key=lambda o: o.dt_start)]


def test_a_weekly_rule_gives_one_occurrence_a_week_with_its_duration(service):
    rule = RecurringRuleFactory(
        begin=datetime(2030, 1, 7, 18, tzinfo=UTC),
        finish=datetime(2030, 1, 31, tzinfo=UTC),
        duration=timedelta(hours=2, minutes=30),
    )
    assert service.regenerate_occurrences(rule.event, now=NOW) == 4
    assert starts(rule.event) == [
        datetime(2030, 1, d, 18, tzinfo=UTC) for d in (7, 14, 21, 28)
    ]
    first = rule.event.occurrences[0]
    assert first.dt_end == datetime(2030, 1, 7, 20, 30, tzinfo=UTC)
    assert first.recurring_rule is rule


def test_interval_and_frequency_follow_dateutil(service):
    rule = RecurringRuleFactory(
        begin=datetime(2030, 1, 15, 18, tzinfo=UTC),
        finish=datetime(2030, 12, 31, tzinfo=UTC),
        frequency=int(RecurrenceFrequency.MONTHLY),
        interval=3,
        all_day=True,
    )
    service.regenerate_occurrences(rule.event, now=NOW)
    assert [d.month for d in starts(rule.event)] == [1, 4, 7, 10]
    assert all(o.all_day for o in rule.event.occurrences)


def test_regenerating_replaces_generated_dates_and_keeps_hand_made_ones(service):
    rule = RecurringRuleFactory(
        begin=datetime(2030, 1, 7, 18, tzinfo=UTC),
        finish=datetime(2030, 1, 21, 20, tzinfo=UTC),
    )
    manual = EventOccurrenceFactory(
        event=rule.event, dt_start=datetime(2030, 6, 1, tzinfo=UTC)
    )
    service.regenerate_occurrences(rule.event, now=NOW)
    rule.finish = datetime(2030, 1, 14, 20, tzinfo=UTC)
    assert service.regenerate_occurrences(rule.event, now=NOW) == 2
    db.session.expire_all()
    assert starts(rule.event) == [
        datetime(2030, 1, 7, 18, tzinfo=UTC),
        datetime(2030, 1, 14, 18, tzinfo=UTC),
        manual.dt_start,
    ]


def test_only_a_rolling_window_is_stored(service):
    rule = RecurringRuleFactory(
        begin=datetime(2000, 1, 1, tzinfo=UTC),
        finish=datetime(2100, 1, 1, tzinfo=UTC),
        frequency=int(RecurrenceFrequency.YEARLY),
    )
    service.regenerate_occurrences(rule.event, now=NOW)
    # a year back and a year ahead of NOW (2030-01-01), both ends included
    assert [d.year for d in starts(rule.event)] == [2029, 2030, 2031]


def test_next_occurrences_come_from_rules_and_hand_made_dates(service):
    event = EventFactory()
    RecurringRuleFactory(
        event=event,
        begin=datetime(2030, 1, 7, 18, tzinfo=UTC),
        finish=datetime(2040, 1, 1, tzinfo=UTC),
        duration=timedelta(hours=1),
    )
    EventOccurrenceFactory(event=event, dt_start=datetime(2030, 1, 10, 9, tzinfo=UTC))
    db.session.expire(event)
    slots = service.next_occurrences(
        event, after=datetime(2030, 1, 8, tzinfo=UTC), count=3
    )
    assert [s.start for s in slots] == [
        datetime(2030, 1, 10, 9, tzinfo=UTC),
        datetime(2030, 1, 14, 18, tzinfo=UTC),
        datetime(2030, 1, 21, 18, tzinfo=UTC),
    ]
    assert slots[1].end == datetime(2030, 1, 14, 19, tzinfo=UTC)


def test_next_occurrences_include_a_time_still_running(service):
    event = EventFactory()
    RecurringRuleFactory(
        event=event,
        begin=datetime(2030, 1, 7, 18, tzinfo=UTC),
        finish=datetime(2030, 1, 31, tzinfo=UTC),
        duration=timedelta(hours=2),
    )
    EventOccurrenceFactory(
        event=event,
        dt_start=datetime(2029, 12, 30, tzinfo=UTC),
        dt_end=datetime(2030, 1, 20, tzinfo=UTC),
    )
    db.session.expire(event)
    # 19:00 on the 14th: the weekly session began at 18:00 and ends at 20:00.
    slots = service.next_occurrences(
        event, after=datetime(2030, 1, 14, 19, tzinfo=UTC), count=3
    )
    assert [s.start for s in slots] == [
        datetime(2029, 12, 30, tzinfo=UTC),
        datetime(2030, 1, 14, 18, tzinfo=UTC),
        datetime(2030, 1, 21, 18, tzinfo=UTC),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"finish": datetime(2029, 1, 1, tzinfo=UTC)},
            "cannot finish before it begins",
        ),
        ({"interval": 0}, "at least 1"),
        ({"frequency": 9}, "frequency must be one of"),
        ({"duration": timedelta(hours=-1)}, "cannot be negative"),
    ],
)
def test_a_broken_rule_is_refused(service, change, message):
    rule = RecurringRuleFactory(**change)
    with pytest.raises(EventError, match=message):
        service.regenerate_occurrences(rule.event, now=NOW)


def test_upcoming_lists_running_and_future_occurrences_soonest_first(service):
    past = EventOccurrenceFactory(
        dt_start=NOW - timedelta(days=2), dt_end=NOW - timedelta(days=1)
    )
    running = EventOccurrenceFactory(
        dt_start=NOW - timedelta(hours=1), dt_end=NOW + timedelta(hours=1)
    )
    later = EventOccurrenceFactory(dt_start=NOW + timedelta(days=1))
    upcoming = service.upcoming(limit=10, now=NOW)
    assert upcoming == [running, later]
    assert past not in upcoming


def test_regenerate_all_covers_every_event_with_rules(service):
    first = RecurringRuleFactory().event
    second = RecurringRuleFactory().event
    EventFactory()  # no rules: untouched
    counts = service.regenerate_all(now=NOW)
    assert set(counts) == {first, second}
