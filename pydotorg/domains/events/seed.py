"""Demo calendars for ``flask seed``: python.org's event fixture plus recurring events.

``data/pythondotorg-events.json`` is python.org's own fixture (a Django dump, kept as
shipped); it is read here, not loaded wholesale, and mapped onto our tables.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
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

FIXTURE = Path(__file__).with_name("data") / "pythondotorg-events.json"

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

# calendar slug, title, venue (name, address, url), description, featured, rule
RECURRING = (
    ("user-group-events", "PyLadies Berlin monthly meetup",
     ("Betahaus", "Rudi-Dutschke-Straße 23, Berlin", "https://www.betahaus.com/"),
     "Talks and lightning talks, then pizza. Everyone is welcome.", False,
     {"begin": datetime(2025, 1, 15, 18, 0, tzinfo=UTC),
          "finish": datetime(2028, 12, 31, 23, 0, tzinfo=UTC),
          "duration": timedelta(hours=2, minutes=30), "interval": 1,
          "frequency": int(RecurrenceFrequency.MONTHLY), "all_day": False}),
    ("user-group-events", "Python office hours (online)",
     None,
     "Bring your Python questions; core developers and mentors answer live.", True,
     {"begin": datetime(2025, 1, 2, 17, 0, tzinfo=UTC),
          "finish": datetime(2028, 12, 28, 18, 0, tzinfo=UTC),
          "duration": timedelta(hours=1), "interval": 2,
          "frequency": int(RecurrenceFrequency.WEEKLY), "all_day": False}),
)  # fmt: skip
# calendar slug, title, venue, description, featured, start, end (all-day events)
ONE_OFF = (
    ("python-conferences", "PyCon US 2027",
     ("Long Beach Convention Center", "300 E Ocean Blvd, Long Beach, CA", "https://us.pycon.org/"),
     "The largest annual gathering of the Python community.", True,
     datetime(2027, 5, 12, tzinfo=UTC), datetime(2027, 5, 20, tzinfo=UTC)),
    ("python-conferences", "EuroPython 2027",
     None, "The largest Python conference in Europe.", False,
     datetime(2027, 7, 12, tzinfo=UTC), datetime(2027, 7, 18, tzinfo=UTC)),
)  # fmt: skip


def _dt(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def _duration(value: str) -> timedelta:
    hours, minutes, seconds = (int(part) for part in value.split(":"))
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


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


def seed_fixture(session: Session) -> None:
    """python.org's own sample calendar (its ``events.json``)."""
    rows = json.loads(FIXTURE.read_text())
    by_model: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row)
    calendars, categories, locations, events = {}, {}, {}, {}
    for row in by_model.get("events.calendar", []):
        f = row["fields"]
        calendars[row["pk"]] = _calendar(
            session,
            {
                "name": f["name"], "slug": f["slug"], "description": f["description"],
                "url": f["url"], "rss": f["rss"], "embed": f["embed"],
                "twitter": f["twitter"],
            },
        )  # fmt: skip
    for row in by_model.get("events.eventcategory", []):
        f = row["fields"]
        calendar = calendars[f["calendar"]]
        category = session.scalar(
            sa.select(EventCategory).where(EventCategory.slug == f["slug"])
        )
        if category is None:
            category = EventCategory(name=f["name"], slug=f["slug"], calendar=calendar)
            session.add(category)
        categories[row["pk"]] = category
    for row in by_model.get("events.eventlocation", []):
        f = row["fields"]
        locations[row["pk"]] = _location(
            session, calendars[f["calendar"]], f["name"], f["address"], f["url"]
        )
    for row in by_model.get("events.event", []):
        f = row["fields"]
        event = _event(
            session,
            calendars[f["calendar"]],
            f["title"],
            description=f["description"],
            featured=f["featured"],
            uid=f["uid"],
            venue=locations.get(f["venue"]),
        )
        for pk in f["categories"]:
            if categories[pk] not in event.categories:
                event.categories.append(categories[pk])
        events[row["pk"]] = event
    for row in by_model.get("events.occurringrule", []):
        f = row["fields"]
        _occurrence(
            events[f["event"]], _dt(f["dt_start"]), _dt(f["dt_end"]), f["all_day"]
        )
    for row in by_model.get("events.recurringrule", []):
        f = row["fields"]
        _rule(
            events[f["event"]],
            begin=_dt(f["begin"]),
            finish=_dt(f["finish"]),
            duration=_duration(f["duration_internal"]),
            interval=f["interval"],
            frequency=f["frequency"],
            all_day=f["all_day"],
        )


def seed(session: Session) -> None:
    seed_fixture(session)
    calendars = {
        values["slug"]: _calendar(session, values)
        for values in (USER_GROUP_CALENDAR, CONFERENCE_CALENDAR)
    }
    for slug, title, venue, description, featured, rule in RECURRING:
        calendar = calendars[slug]
        event = _event(
            session,
            calendar,
            title,
            description=description,
            featured=featured,
            venue=_location(session, calendar, *venue) if venue else None,
        )
        _rule(event, **rule)
    for slug, title, venue, description, featured, start, end in ONE_OFF:
        calendar = calendars[slug]
        event = _event(
            session,
            calendar,
            title,
            description=description,
            featured=featured,
            venue=_location(session, calendar, *venue) if venue else None,
        )
        _occurrence(event, start, end, True)
    session.flush()
    EventService(session).regenerate_all()
