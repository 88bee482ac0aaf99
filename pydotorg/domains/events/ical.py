"""iCalendar (.ics) feeds of the calendars, for Google Calendar, Apple Calendar, Thunderbird.

One VEVENT per event, its UID stable across exports (the imported UID, else the
event's id at the site's host). A recurring rule is an RRULE on the first VEVENT,
hand-entered dates past the first are RDATE periods. Times are UTC for events in
UTC, else local times with a TZID and the feed carries that zone's VTIMEZONE (so
a weekly rule keeps its wall-clock time across daylight saving); all-day events
are DATE values whose DTEND is the day after the last day, as RFC 5545 wants. A
rule with a count is written with COUNT, else with UNTIL (in UTC).

``flask events import-ics`` reads these files back: an event whose VEVENT says
what :func:`event_component` would write for it is left untouched, so a feed
round-trips with no change.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import bleach
from flask import current_app

from pydotorg.core.markup import ContentType
from pydotorg.domains.events.models import Calendar, Event, RecurrenceFrequency
from pydotorg.domains.events.services import aware
from pydotorg.domains.mailing.services import absolute_url

if TYPE_CHECKING:
    # Loaded when a feed is built or a file imported, not in every web worker.
    import icalendar

PRODID = "-//Python Software Foundation//pydotorg events//EN"
# How often clients should fetch the feed again (Apple and Google read these).
REFRESH = timedelta(hours=6)
# Properties that say when the file was written, not what the event is.
_VOLATILE = {"DTSTAMP"}


def event_uid(event: Event) -> str:
    """The imported UID, else one made from the event's id and the site's host."""
    if event.uid:
        return event.uid
    host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
    return f"{event.id}@{host}"


def plain_description(event: Event) -> str:
    text = event.description or ""
    if event.content_type is ContentType.HTML:
        # Paragraph breaks survive as blank lines; tags go.
        text = re.sub(r"</p>\s*|<br\s*/?>", "\n\n", text, flags=re.IGNORECASE)
        text = html.unescape(bleach.clean(text, tags=set(), strip=True))
        text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def _location(event: Event) -> str:
    venue = event.venue
    if venue is None:
        return ""
    return ", ".join(part for part in (venue.name, venue.address) if part)


def _zone(event: Event) -> ZoneInfo | None:
    """The event's zone, or None for UTC (and for a zone the system lacks)."""
    if not event.time_zone or event.time_zone == "UTC":
        return None
    try:
        return ZoneInfo(event.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _when(
    start: datetime, end: datetime, all_day: bool, zone: ZoneInfo | None = None
) -> tuple[date, date]:
    """DTSTART/DTEND values: UTC or local datetimes, or dates with an exclusive end."""
    if all_day:
        return start.date(), end.date() + timedelta(days=1)
    if zone is not None:
        return aware(start).astimezone(zone), aware(end).astimezone(zone)
    return aware(start), aware(end)


def event_component(event: Event) -> icalendar.Event:
    """The VEVENT of ``event`` (its rules and hand-entered dates loaded)."""
    import icalendar

    component = icalendar.Event()
    component.add("UID", event_uid(event))
    component.add("DTSTAMP", aware(event.updated_at or event.created_at))
    component.add("SUMMARY", event.title)
    hand_made = [
        o
        for o in event.occurrences
        if o.recurring_rule_id is None and o.recurring_rule is None
    ]
    zone = _zone(event)
    rule = event.recurring_rules[0] if event.recurring_rules else None
    if rule is not None:
        begin = aware(rule.begin)
        start, end = _when(
            begin, begin + (rule.duration or timedelta(0)), rule.all_day, zone
        )
        component.add("DTSTART", start)
        component.add("DTEND", end)
        repeat: dict[str, object] = {
            "FREQ": RecurrenceFrequency(rule.frequency).name,
            "INTERVAL": max(rule.interval or 1, 1),
        }
        if rule.count:
            repeat["COUNT"] = rule.count
        else:
            finish = aware(rule.finish)
            repeat["UNTIL"] = finish.date() if rule.all_day else finish
        component.add("RRULE", repeat)
        extra = hand_made
    elif hand_made:
        first, *extra = hand_made
        start, end = _when(first.dt_start, first.dt_end, first.all_day, zone)
        component.add("DTSTART", start)
        component.add("DTEND", end)
    else:
        extra = []
    for occurrence in extra:
        start, end = _when(
            occurrence.dt_start, occurrence.dt_end, occurrence.all_day, zone
        )
        if occurrence.all_day:
            component.add("RDATE", [start])
        elif zone is not None:
            # icalendar drops the TZID of a period's times: name it here.
            component.add(
                "RDATE",
                [(start, end)],
                parameters={"TZID": zone.key, "VALUE": "PERIOD"},
            )
        else:
            component.add("RDATE", [(start, end)])
    if description := plain_description(event):
        component.add("DESCRIPTION", description)
    if location := _location(event):
        component.add("LOCATION", location)
    if event.categories:
        component.add("CATEGORIES", [category.name for category in event.categories])
    component.add(
        "URL",
        absolute_url(
            "events.event_detail", calendar_slug=event.calendar.slug, slug=event.slug
        ),
    )
    if event.created_at:
        component.add("CREATED", aware(event.created_at))
    if event.updated_at:
        component.add("LAST-MODIFIED", aware(event.updated_at))
    return component


def _schedulable(event: Event) -> bool:
    return bool(event.recurring_rules) or any(
        o.recurring_rule_id is None and o.recurring_rule is None
        for o in event.occurrences
    )


def calendar_ics(events: Iterable[Event], calendar: Calendar | None) -> bytes:
    """The .ics file of ``events``: one calendar's, or every calendar's."""
    import icalendar

    feed = icalendar.Calendar()
    feed.add("PRODID", PRODID)
    feed.add("VERSION", "2.0")
    feed.add("CALSCALE", "GREGORIAN")
    feed.add("METHOD", "PUBLISH")
    name = calendar.name if calendar else f"{current_app.config['SITE_NAME']} events"
    feed.add("X-WR-CALNAME", name)
    feed.add("NAME", name)
    if calendar is not None and calendar.description:
        feed.add("X-WR-CALDESC", calendar.description)
    feed.add("X-WR-TIMEZONE", "UTC")
    feed.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    feed.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH))
    for event in events:
        if _schedulable(event):
            feed.add_component(event_component(event))
    # A VTIMEZONE for each TZID the events use (none for an all-UTC feed).
    feed.add_missing_timezones()
    return feed.to_ical()


def same_event(incoming: icalendar.Component, existing: Event) -> bool:
    """Whether ``incoming`` says exactly what this site would export for ``existing``."""
    ours = event_component(existing)

    def lines(component: icalendar.Component) -> list[bytes]:
        return sorted(
            line
            for line in component.to_ical().splitlines()
            if line.split(b":")[0].split(b";")[0].upper().decode() not in _VOLATILE
        )

    return lines(incoming) == lines(ours)
