"""Events from iCalendar files, upserted by UID (``flask events import-ics``).

What the model can express is kept (one-off times, RRULEs of FREQ/INTERVAL/UNTIL/
COUNT, the event's time zone, its venue and categories); a VEVENT that needs more
is skipped with the reason. A file this site exported comes back unchanged.
Services flush, never commit.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload, selectinload

from pydotorg.core.markup import ContentType, sanitize
from pydotorg.core.timezones import is_time_zone
from pydotorg.core.types import utcnow
from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventLocation,
    EventOccurrence,
    RecurrenceFrequency,
    RecurringRule,
)
from pydotorg.domains.events.services import EventError, EventService, aware

if TYPE_CHECKING:
    # Loaded by ``parse`` when a file is imported, not in every web worker.
    import icalendar


# RRULE parts the model can express, and parts that change nothing for us.
_RRULE_FREQUENCIES = {f.name: f for f in RecurrenceFrequency}
_RRULE_MAPPED = {"FREQ", "INTERVAL", "UNTIL", "COUNT"}
_RRULE_HARMLESS = {"WKST"}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# A rule without UNTIL or COUNT never ends; the model needs a finish, so it runs
# this long past the import (a later import moves it forward again).
OPEN_ENDED_RULE = timedelta(days=5 * 365)
MAX_IMPORTED_COUNT = 5000
# The UID this site's feed gives an event that was not imported (see ical.event_uid).
_OWN_UID = re.compile(
    r"^(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@(?P<host>.+)$"
)


class ICSImportError(EventError):
    """The file is not an iCalendar file we can read; nothing was imported."""


class SkipEvent(Exception):  # noqa: N818  (control flow, never escapes the service)
    """One VEVENT cannot be imported; the message says why."""


@dataclass
class ImportResult:
    created: list[Event] = field(default_factory=list)
    updated: list[Event] = field(default_factory=list)
    # Events whose VEVENT says what the site already has (a feed re-imported).
    unchanged: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return sum(1 for w in self.warnings if w.startswith("skipped"))


@dataclass(frozen=True)
class _Times:
    start: datetime
    end: datetime
    all_day: bool
    # The weekday where the event happens (UTC can be a day off).
    local_weekday: int
    # The IANA zone of a DTSTART given with a TZID, "UTC" for a UTC time,
    # None for dates and floating times (the event's zone is then kept).
    zone: str | None = None


def _to_utc(value: date | datetime) -> datetime:
    """A DTSTART-like value in UTC: dates are midnight, floating times are UTC."""
    if isinstance(value, datetime):
        return aware(value)
    return datetime.combine(value, time.min, tzinfo=UTC)


def _zone_of(value: date | datetime) -> str | None:
    """The IANA name of a DTSTART's zone, if it has one this site knows."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        return None
    if value.utcoffset() == timedelta(0) and value.tzinfo in (UTC, ZoneInfo("UTC")):
        return "UTC"
    name = getattr(value.tzinfo, "key", None)
    return name if is_time_zone(name) else None


def _plain_text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n".join(
        "<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs
    )


@dataclass
class EventImportService:
    """Upserts a calendar's events from an iCalendar (.ics) file, by UID.

    The whole file is read before anything is written: a file that is not
    iCalendar raises :class:`ICSImportError`. A VEVENT that can't be imported
    (no UID, no start, an override of one instance) is skipped with a warning,
    and so is an RRULE the model can't express; the event is then kept as a
    one-off on its first date.
    """

    session: Session

    def import_ics(
        self, data: bytes | str, calendar: Calendar, now: datetime | None = None
    ) -> ImportResult:
        from pydotorg.domains.events.ical import same_event

        parsed = self.parse(data)
        result = ImportResult()
        for component in parsed.walk("VEVENT"):
            uid = str(component.get("UID") or "").strip()
            label = f"UID {uid}" if uid else f"“{component.get('SUMMARY', '?')}”"
            existing = self._existing(uid, calendar) if uid else None
            if existing is not None and same_event(component, existing):
                result.unchanged.append(existing)
                continue
            try:
                event, created = self._upsert(component, uid, calendar, result, label)
            except SkipEvent as reason:
                result.warnings.append(f"skipped {label}: {reason}")
                continue
            EventService(self.session).regenerate_occurrences(event, now)
            (result.created if created else result.updated).append(event)
        return result

    @staticmethod
    def parse(data: bytes | str) -> icalendar.Calendar:
        import icalendar

        try:
            parsed = icalendar.Calendar.from_ical(data)
        except (ValueError, KeyError, IndexError) as error:
            detail = str(error).split(":")[0]
            raise ICSImportError(f"Not a valid iCalendar file: {detail}.") from error
        if parsed.name != "VCALENDAR":
            raise ICSImportError(
                f"Not a valid iCalendar file: it holds a {parsed.name}, "
                "not a VCALENDAR."
            )
        return parsed

    # -- one VEVENT --------------------------------------------------------------

    def _upsert(
        self,
        component: icalendar.Component,
        uid: str,
        calendar: Calendar,
        result: ImportResult,
        label: str,
    ) -> tuple[Event, bool]:
        if not uid:
            raise SkipEvent("it has no UID, so a re-import could not update it.")
        if len(uid) > 200:
            raise SkipEvent("its UID is longer than 200 characters.")
        if component.get("RECURRENCE-ID") is not None:
            raise SkipEvent(
                "changes to single dates of a recurring event are not supported."
            )
        title = str(component.get("SUMMARY") or "").strip()
        if not title:
            raise SkipEvent("it has no SUMMARY (title).")
        times = self._times(component)
        rule = self._rule(component, times, result, label)

        event = self._existing(uid, calendar)
        created = event is None
        if event is None:
            event = Event(calendar=calendar, uid=uid)
            self.session.add(event)
        event.title = event.name = title[:200]
        event.description = self._description(component)
        event.content_type = ContentType.HTML
        event.venue = self._venue(component, calendar)
        if times.zone is not None:
            event.time_zone = times.zone
        # The file is the source of truth for imported events: their dates are
        # replaced, not merged.
        event.recurring_rules.clear()
        event.occurrences.clear()
        self.session.flush()
        if rule is not None:
            event.recurring_rules.append(rule)
            # Counted in the event's zone, now that the rule belongs to it.
            EventService.complete_rule(rule)
        else:
            event.occurrences.append(
                EventOccurrence(
                    dt_start=times.start, dt_end=times.end, all_day=times.all_day
                )
            )
        self.session.flush()
        return event, created

    def _existing(self, uid: str, calendar: Calendar) -> Event | None:
        """The calendar's event with this UID: an imported one, or one of ours
        whose UID this site's own feed made from its id (``<id>@<host>``)."""
        options = (
            selectinload(Event.occurrences),
            selectinload(Event.recurring_rules),
            selectinload(Event.categories),
            joinedload(Event.venue),
        )
        event = self.session.scalar(
            sa.select(Event)
            .where(Event.calendar_id == calendar.id, Event.uid == uid)
            .options(*options)
        )
        own = _OWN_UID.match(uid)
        host = urlsplit(current_app.config["SITE_URL"]).hostname or "localhost"
        if event is None and own and own["host"] == host:
            event = self.session.scalar(
                sa.select(Event)
                .where(
                    Event.calendar_id == calendar.id,
                    Event.id == uuid.UUID(own["id"]),
                    Event.uid.is_(None),
                )
                .options(*options)
            )
        return event

    @staticmethod
    def _decoded(component: icalendar.Component, name: str) -> Any:
        """A property's Python value, or None; broken values skip the event."""
        if name not in component:
            return None
        broken = [message for prop, message in component.errors if prop == name]
        if broken:
            raise SkipEvent(f"its {name} is not valid ({broken[0]}).")
        try:
            return component.decoded(name)
        except (ValueError, TypeError) as error:
            raise SkipEvent(f"its {name} is not valid ({error}).") from error

    def _times(self, component: icalendar.Component) -> _Times:
        start_value = self._decoded(component, "DTSTART")
        if not isinstance(start_value, date):
            raise SkipEvent("it has no DTSTART.")
        all_day = not isinstance(start_value, datetime)
        start = _to_utc(start_value)
        end_value = self._decoded(component, "DTEND")
        duration = self._decoded(component, "DURATION")
        if isinstance(end_value, date):
            end = _to_utc(end_value)
        elif isinstance(duration, timedelta):
            end = start + duration
        else:
            end = start  # python.org: a missing DTEND means the event ends at its start
        if end < start:
            raise SkipEvent("it ends before it starts.")
        if all_day and end > start:
            # DTEND of an all-day event is exclusive; we store the last day.
            end -= timedelta(days=1)
        return _Times(start, end, all_day, start_value.weekday(), _zone_of(start_value))

    @staticmethod
    def _description(component: icalendar.Component) -> str:
        text = str(component.get("DESCRIPTION") or "").strip()
        if not text:
            return ""
        if not re.search(r"<[a-zA-Z/][^>]*>", text):
            text = _plain_text_to_html(text)
        return str(sanitize(text))

    def _venue(
        self, component: icalendar.Component, calendar: Calendar
    ) -> EventLocation | None:
        name = " ".join(str(component.get("LOCATION") or "").split())[:255]
        if not name:
            return None
        venue = self.session.scalar(
            sa.select(EventLocation).where(
                EventLocation.calendar_id == calendar.id, EventLocation.name == name
            )
        )
        if venue is None:
            venue = EventLocation(calendar=calendar, name=name)
            self.session.add(venue)
        return venue

    def _rule(
        self,
        component: icalendar.Component,
        times: _Times,
        result: ImportResult,
        label: str,
    ) -> RecurringRule | None:
        """The VEVENT's RRULE as a RecurringRule; None (and a warning) if unsupported."""
        if "RRULE" not in component:
            return None
        try:
            rule = self._map_rule(component, times)
        except SkipEvent as reason:
            result.warnings.append(
                f"recurrence of {label} not imported, kept as a one-off: {reason}"
            )
            return None
        if "EXDATE" in component or "RDATE" in component:
            result.warnings.append(
                f"{label}: EXDATE/RDATE are not supported; those dates were ignored."
            )
        return rule

    def _map_rule(self, component: icalendar.Component, times: _Times) -> RecurringRule:
        rrules = component.get("RRULE")
        if isinstance(rrules, list):
            raise SkipEvent("more than one RRULE.")
        parts = {key.upper(): values for key, values in dict(rrules).items()}
        frequency_name = str((parts.get("FREQ") or [""])[0]).upper()
        if frequency_name not in _RRULE_FREQUENCIES:
            raise SkipEvent(f"FREQ={frequency_name or '?'} is not supported.")
        frequency = _RRULE_FREQUENCIES[frequency_name]
        byday = parts.pop("BYDAY", None)
        if byday is not None and not self._byday_is_start_day(byday, frequency, times):
            raise SkipEvent(
                "BYDAY=" + ",".join(str(d) for d in byday) + " is not supported."
            )
        unsupported = sorted(set(parts) - _RRULE_MAPPED - _RRULE_HARMLESS)
        if unsupported:
            raise SkipEvent(", ".join(unsupported) + " not supported.")
        try:
            interval = int((parts.get("INTERVAL") or [1])[0])
            count = int(parts["COUNT"][0]) if "COUNT" in parts else None
        except (TypeError, ValueError) as error:
            raise SkipEvent("INTERVAL and COUNT must be whole numbers.") from error
        if interval < 1 or (count is not None and not 1 <= count <= MAX_IMPORTED_COUNT):
            raise SkipEvent(
                f"INTERVAL must be at least 1 and COUNT between 1 and "
                f"{MAX_IMPORTED_COUNT}."
            )
        rule = RecurringRule(
            begin=times.start,
            finish=times.start,
            duration=times.end - times.start,
            interval=interval,
            frequency=int(frequency),
            all_day=times.all_day,
        )
        if "UNTIL" in parts:
            until = parts["UNTIL"][0]
            # UNTIL is inclusive; a bare date includes that whole day.
            rule.finish = (
                aware(until)
                if isinstance(until, datetime)
                else datetime.combine(until, time.max, tzinfo=UTC)
            )
        elif count is not None:
            rule.count = count
            rule.finish = (
                None  # the last of ``count`` times, once it belongs to the event
            )
        else:
            rule.finish = max(times.start, aware(utcnow())) + OPEN_ENDED_RULE
        try:
            EventService.validate_rule(rule)
        except EventError as error:
            raise SkipEvent(str(error)) from error
        return rule

    @staticmethod
    def _byday_is_start_day(
        byday: list[Any], frequency: RecurrenceFrequency, times: _Times
    ) -> bool:
        """``WEEKLY;BYDAY=TU`` on a Tuesday event is a plain weekly rule."""
        return (
            frequency is RecurrenceFrequency.WEEKLY
            and len(byday) == 1
            and str(byday[0]).upper() == _WEEKDAYS[times.local_weekday]
        )
