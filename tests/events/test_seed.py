"""The demo calendars: python.org's fixture plus recurring events, idempotent."""

import sqlalchemy as sa

from pydotorg.domains.events import seed
from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventOccurrence,
    RecurringRule,
)
from pydotorg.extensions import db


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_seed_makes_one_off_and_recurring_events_and_no_duplicates(session):
    seed.seed(db.session)
    counts = [count(m) for m in (Calendar, Event, RecurringRule, EventOccurrence)]
    seed.seed(db.session)
    assert [
        count(m) for m in (Calendar, Event, RecurringRule, EventOccurrence)
    ] == counts
    summit = db.session.scalar(
        sa.select(Event).where(Event.title == "Python Language Summit 2027")
    )
    assert summit.calendar.slug == "python-events"
    assert [c.name for c in summit.categories] == ["Summit"]
    meetup = db.session.scalar(
        sa.select(Event).where(Event.title == "PyLadies Berlin monthly meetup")
    )
    assert meetup.recurring_rules and any(
        o.recurring_rule_id for o in meetup.occurrences
    )
