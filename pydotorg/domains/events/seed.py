"""Demo calendars for ``flask seed``: python.org's calendar names, believable events.

python.org's own ``events.json`` fixture only holds placeholder rows ("Example event",
"test category"), so the demo writes its own: a few well-known community events on
python.org's ``python-events`` calendar, user-group meetups that recur, and
conferences. Rows are matched by natural keys, so running the seed again adds nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventCategory,
    EventLocation,
    EventOccurrence,
    RecurrenceFrequency,
    RecurringRule,
)
from pydotorg.domains.events.services import EventService

PYTHON_EVENTS_CALENDAR = {
    "name": "Python Events",
    "slug": "python-events",
    "description": "Sprints, summits and release parties announced by the Python "
    "Software Foundation.",
}
USER_GROUP_CALENDAR = {
    "name": "Python User Group Events",
    "slug": "user-group-events",
    "description": "Meetups and office hours run by local Python user groups.",
}
CONFERENCE_CALENDAR = {
    "name": "Python Conferences",
    "slug": "python-conferences",
    "description": "PyCons and other community conferences around the world.",
}

# calendar slug, title, category, venue (name, address, url), description, featured, rule
RECURRING = (
    ("user-group-events", "PyLadies Berlin monthly meetup", "Meetup",
     ("Betahaus", "Rudi-Dutschke-Straße 23, Berlin", "https://www.betahaus.com/"),
     "Talks and lightning talks, then pizza. Everyone is welcome.", False,
     {"begin": datetime(2025, 1, 15, 18, 0, tzinfo=UTC),
          "finish": datetime(2028, 12, 31, 23, 0, tzinfo=UTC),
          "duration": timedelta(hours=2, minutes=30), "interval": 1,
          "frequency": int(RecurrenceFrequency.MONTHLY), "all_day": False}),
    ("user-group-events", "Python office hours (online)", "Office hours",
     None,
     "Bring your Python questions; core developers and mentors answer live.", True,
     {"begin": datetime(2025, 1, 2, 17, 0, tzinfo=UTC),
          "finish": datetime(2028, 12, 28, 18, 0, tzinfo=UTC),
          "duration": timedelta(hours=1), "interval": 2,
          "frequency": int(RecurrenceFrequency.WEEKLY), "all_day": False}),
)  # fmt: skip
# calendar slug, title, category, venue, description, featured, first day, last day
ONE_OFF = (
    ("python-events", "Python Language Summit 2026", "Summit",
     ("David L. Lawrence Convention Center", "1000 Fort Duquesne Blvd, Pittsburgh, PA",
      "https://us.pycon.org/"),
     "Core developers and maintainers of alternative implementations meet for a day "
     "of talks and discussion on the future of the language.", False,
     datetime(2026, 5, 13, tzinfo=UTC), datetime(2026, 5, 13, tzinfo=UTC)),
    ("python-events", "CPython core sprint 2026", "Sprint",
     ("Arm, Cambridge", "110 Fulbourn Road, Cambridge, UK", None),
     "A week of core development in person: reviews, free-threading and the JIT.",
     False, datetime(2026, 9, 21, tzinfo=UTC), datetime(2026, 9, 25, tzinfo=UTC)),
    ("python-events", "Python Language Summit 2027", "Summit",
     ("Long Beach Convention Center", "300 E Ocean Blvd, Long Beach, CA",
      "https://us.pycon.org/"),
     "The yearly meeting of core developers, held at PyCon US.", True,
     datetime(2027, 5, 12, tzinfo=UTC), datetime(2027, 5, 12, tzinfo=UTC)),
    ("python-conferences", "PyCon US 2027", "Conference",
     ("Long Beach Convention Center", "300 E Ocean Blvd, Long Beach, CA", "https://us.pycon.org/"),
     "The largest annual gathering of the Python community.", True,
     datetime(2027, 5, 12, tzinfo=UTC), datetime(2027, 5, 20, tzinfo=UTC)),
    ("python-conferences", "EuroPython 2027", "Conference",
     None, "The largest Python conference in Europe.", False,
     datetime(2027, 7, 12, tzinfo=UTC), datetime(2027, 7, 18, tzinfo=UTC)),
)  # fmt: skip


def _calendar(session: Session, values: dict[str, Any]) -> Calendar:
    calendar = session.scalar(
        sa.select(Calendar).where(Calendar.slug == values["slug"])
    )
    if calendar is None:
        calendar = Calendar(**values)
        session.add(calendar)
        session.flush()
    return calendar


def _location(
    session: Session,
    calendar: Calendar,
    name: str,
    address: str | None,
    url: str | None,
) -> EventLocation:
    location = session.scalar(
        sa.select(EventLocation).where(
            EventLocation.calendar_id == calendar.id, EventLocation.name == name
        )
    )
    if location is None:
        location = EventLocation(calendar=calendar, name=name, address=address, url=url)
        session.add(location)
    return location


def _event(session: Session, calendar: Calendar, title: str, **values: Any) -> Event:
    event = session.scalar(
        sa.select(Event).where(Event.calendar_id == calendar.id, Event.title == title)
    )
    if event is None:
        event = Event(calendar=calendar, title=title, **values)
        session.add(event)
        session.flush()
    return event


def _occurrence(event: Event, start: datetime, end: datetime, all_day: bool) -> None:
    if not any(
        o.dt_start == start and o.recurring_rule_id is None for o in event.occurrences
    ):
        event.occurrences.append(
            EventOccurrence(dt_start=start, dt_end=end, all_day=all_day)
        )


def _rule(event: Event, **values: Any) -> None:
    if not any(rule.begin == values["begin"] for rule in event.recurring_rules):
        event.recurring_rules.append(RecurringRule(**values))


def _category(session: Session, calendar: Calendar, name: str) -> EventCategory:
    category = session.scalar(
        sa.select(EventCategory).where(
            EventCategory.calendar_id == calendar.id, EventCategory.name == name
        )
    )
    if category is None:
        category = EventCategory(name=name, calendar=calendar)
        session.add(category)
        session.flush()
    return category


def _seed_event(
    session: Session,
    calendar: Calendar,
    title: str,
    category: str,
    venue: tuple[str, str | None, str | None] | None,
    description: str,
    featured: bool,
) -> Event:
    event = _event(
        session,
        calendar,
        title,
        description=description,
        featured=featured,
        venue=_location(session, calendar, *venue) if venue else None,
    )
    category_row = _category(session, calendar, category)
    if category_row not in event.categories:
        event.categories.append(category_row)
    return event


def seed(session: Session) -> None:
    calendars = {
        values["slug"]: _calendar(session, values)
        for values in (PYTHON_EVENTS_CALENDAR, USER_GROUP_CALENDAR, CONFERENCE_CALENDAR)
    }
    for slug, title, category, venue, description, featured, rule in RECURRING:
        event = _seed_event(
            session, calendars[slug], title, category, venue, description, featured
        )
        _rule(event, **rule)
    for slug, title, category, venue, description, featured, start, end in ONE_OFF:
        event = _seed_event(
            session, calendars[slug], title, category, venue, description, featured
        )
        _occurrence(event, start, end, True)
    session.flush()
    EventService(session).regenerate_all()
