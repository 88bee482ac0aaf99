"""Business rules of the calendar: occurrences from recurring rules, upcoming lists.

Recurring rules are expanded with ``dateutil.rrule`` into stored ``EventOccurrence``
rows, so public lists are plain indexed queries that paginate. Only a rolling window
is stored (``PAST_WINDOW`` back, ``HORIZON`` ahead); ``flask events refresh`` moves
it forward. ``EventImportService`` upserts events from iCalendar files by UID
(``flask events import-ics``). Services flush, never commit.
"""

from __future__ import annotations

import html
import re
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from dateutil import rrule
from flask import current_app
from sqlalchemy.orm import Session, joinedload, selectinload

from pydotorg.core.markup import ContentType, sanitize

if TYPE_CHECKING:
    # Loaded by ``parse`` when a file is imported, not in every web worker.
    import icalendar
from pydotorg.core.response_cache import caching, valid_until
from pydotorg.core.types import utcnow
from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventCategory,
    EventLocation,
    EventOccurrence,
    RecurrenceFrequency,
    RecurringRule,
)
from pydotorg.domains.mailing.services import EmailService

PAST_WINDOW = timedelta(days=365)
HORIZON = timedelta(days=365)
# A daily rule over two years is ~730 rows; this cap keeps a typo from exploding.
MAX_OCCURRENCES_PER_RULE = 800


class EventError(ValueError):
    """An events rule was broken; the message is safe to show."""


@dataclass(frozen=True)
class Slot:
    """When an event happens once (computed, not necessarily stored)."""

    start: datetime
    end: datetime
    all_day: bool


def aware(value: datetime) -> datetime:
    """Treat naive datetimes (fresh from a form) as UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass
class EventService:
    session: Session

    # -- rules -------------------------------------------------------------------

    @staticmethod
    def validate_rule(rule: RecurringRule) -> None:
        """Raise :class:`EventError` for a rule that cannot be expanded."""
        if rule.begin is None or rule.finish is None:
            raise EventError("A recurring rule needs a begin and a finish.")
        if aware(rule.finish) < aware(rule.begin):
            raise EventError("A recurring rule cannot finish before it begins.")
        if rule.frequency not in {int(f) for f in RecurrenceFrequency}:
            raise EventError(
                "The frequency must be one of: "
                + ", ".join(
                    f"{f.value} ({f.name.lower()})" for f in RecurrenceFrequency
                )
                + "."
            )
        if (rule.interval or 0) < 1:
            raise EventError("The interval must be at least 1.")
        if rule.duration is not None and rule.duration < timedelta(0):
            raise EventError("The duration cannot be negative.")

    @staticmethod
    def rule_slots(rule: RecurringRule, start: datetime, end: datetime) -> list[Slot]:
        """Occurrences of ``rule`` that are still running at ``start`` and begin by ``end``."""
        duration = rule.duration or timedelta(0)
        rule.begin, rule.finish = aware(rule.begin), aware(rule.finish)
        starts = rule.to_rrule().between(start - duration, end, inc=True)
        return [
            Slot(moment, moment + duration, bool(rule.all_day))
            for moment in starts[:MAX_OCCURRENCES_PER_RULE]
        ]

    def regenerate_occurrences(self, event: Event, now: datetime | None = None) -> int:
        """Replace the event's generated occurrences; hand-made ones stay. Returns the count."""
        now = aware(now or utcnow())
        for rule in event.recurring_rules:
            self.validate_rule(rule)
        for occurrence in [
            o for o in event.occurrences if o.recurring_rule_id or o.recurring_rule
        ]:
            event.occurrences.remove(occurrence)
        # Removed rows must be gone before new ones share the same rule ids.
        self.session.flush()
        created = 0
        for rule in event.recurring_rules:
            for slot in self.rule_slots(rule, now - PAST_WINDOW, now + HORIZON):
                event.occurrences.append(
                    EventOccurrence(
                        recurring_rule=rule,
                        dt_start=slot.start,
                        dt_end=slot.end,
                        all_day=slot.all_day,
                    )
                )
                created += 1
        self.session.flush()
        return created

    def regenerate_all(self, now: datetime | None = None) -> dict[Event, int]:
        """Regenerate every event that has recurring rules."""
        events = self.session.scalars(
            sa.select(Event)
            .where(Event.recurring_rules.any())
            .options(
                selectinload(Event.recurring_rules), selectinload(Event.occurrences)
            )
        )
        return {event: self.regenerate_occurrences(event, now) for event in events}

    # -- queries -----------------------------------------------------------------

    def next_occurrences(
        self, event: Event, after: datetime | None = None, count: int = 5
    ) -> list[Slot]:
        """The next ``count`` times ``event`` happens after ``after``, from its rules
        (not limited by the stored window) and its hand-made occurrences.

        A time still running at ``after`` counts, as in ``upcoming_statement``: a
        conference that started yesterday is listed as upcoming, so its page must
        not say it has no dates left."""
        after = aware(after or utcnow())
        slots = [
            Slot(o.dt_start, o.dt_end, o.all_day)
            for o in event.occurrences
            if o.recurring_rule_id is None
            and o.recurring_rule is None
            and aware(o.dt_end) >= after
        ]
        for rule in event.recurring_rules:
            duration = rule.duration or timedelta(0)
            rule.begin, rule.finish = aware(rule.begin), aware(rule.finish)
            # Starting ``duration`` earlier finds the time in progress, if any.
            moments = rule.to_rrule().xafter(after - duration, count=count, inc=True)
            for moment in moments:
                slots.append(Slot(moment, moment + duration, bool(rule.all_day)))
        slots = sorted(slots, key=lambda slot: slot.start)[:count]
        for slot in slots:  # the list changes when one starts or ends
            valid_until(aware(slot.end))
            if aware(slot.start) > after:
                valid_until(aware(slot.start))
        return slots

    def last_time(self, event: Event) -> Slot | None:
        """When the event last happened (its dates loaded), or None without dates."""
        past = [
            Slot(o.dt_start, o.dt_end, o.all_day)
            for o in event.occurrences
            if o.recurring_rule_id is None and o.recurring_rule is None
        ]
        for rule in event.recurring_rules:
            rule.begin, rule.finish = aware(rule.begin), aware(rule.finish)
            moment = rule.to_rrule().before(rule.finish, inc=True)
            if moment is not None:
                duration = rule.duration or timedelta(0)
                past.append(Slot(moment, moment + duration, bool(rule.all_day)))
        return max(past, key=lambda slot: slot.start, default=None)

    @staticmethod
    def _occurrences(
        calendar: Calendar | None,
        category: EventCategory | None,
        location: EventLocation | None,
    ) -> sa.Select[Any]:
        statement = (
            sa.select(EventOccurrence)
            .join(EventOccurrence.event)
            .options(
                joinedload(EventOccurrence.event).joinedload(Event.calendar),
                joinedload(EventOccurrence.event).joinedload(Event.venue),
            )
        )
        if calendar is not None:
            statement = statement.where(Event.calendar_id == calendar.id)
        if category is not None:
            statement = statement.where(
                Event.categories.any(EventCategory.id == category.id)
            )
        if location is not None:
            statement = statement.where(Event.venue_id == location.id)
        return statement

    def on_day_statement(self, calendar: Calendar, day: date) -> sa.Select[Any]:
        """Occurrences of ``calendar``'s events that run during ``day`` (UTC)."""
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        end = start + timedelta(days=1)
        return (
            sa.select(EventOccurrence)
            .join(EventOccurrence.event)
            .where(
                Event.calendar_id == calendar.id,
                EventOccurrence.dt_start < end,
                # Still running after midnight, or a point in time during the day.
                sa.or_(
                    EventOccurrence.dt_end > start, EventOccurrence.dt_start >= start
                ),
            )
            .options(
                joinedload(EventOccurrence.event).joinedload(Event.calendar),
                joinedload(EventOccurrence.event).joinedload(Event.venue),
            )
            .order_by(EventOccurrence.dt_start, Event.title)
        )

    def _note_next_change(self, now: datetime) -> None:
        """A cached response that lists occurrences by time is kept until the next
        one starts or ends (asked only when the response may be cached)."""
        if not caching():
            return
        starts = sa.select(sa.func.min(EventOccurrence.dt_start)).where(
            EventOccurrence.dt_start > now
        )
        ends = sa.select(sa.func.min(EventOccurrence.dt_end)).where(
            EventOccurrence.dt_end >= now
        )
        row = self.session.execute(
            sa.select(starts.scalar_subquery(), ends.scalar_subquery())
        ).one()
        for moment in row:
            if moment is not None:
                valid_until(aware(moment))

    def upcoming_statement(
        self,
        calendar: Calendar | None = None,
        now: datetime | None = None,
        *,
        category: EventCategory | None = None,
        location: EventLocation | None = None,
    ) -> sa.Select[Any]:
        """Occurrences still running or yet to start, soonest first, events loaded."""
        now = aware(now or utcnow())
        self._note_next_change(now)
        return (
            self._occurrences(calendar, category, location)
            .where(EventOccurrence.dt_end >= now)
            .order_by(EventOccurrence.dt_start, Event.title)
        )

    def past_statement(
        self, calendar: Calendar | None = None, now: datetime | None = None
    ) -> sa.Select[Any]:
        """Occurrences that have ended, the most recent first."""
        now = aware(now or utcnow())
        self._note_next_change(now)
        return (
            self._occurrences(calendar, None, None)
            .where(EventOccurrence.dt_end < now)
            .order_by(EventOccurrence.dt_start.desc(), Event.title)
        )

    def upcoming(
        self,
        limit: int = 5,
        *,
        only_featured: bool = False,
        now: datetime | None = None,
    ) -> list[EventOccurrence]:
        statement = self.upcoming_statement(now=now)
        if only_featured:
            statement = statement.where(Event.featured.is_(True))
        return list(self.session.scalars(statement.limit(limit)))

    def for_feed(self, calendar: Calendar | None = None) -> list[Event]:
        """Every event (of one calendar), with what the iCalendar feed writes."""
        statement = (
            sa.select(Event)
            .options(
                joinedload(Event.calendar),
                joinedload(Event.venue),
                selectinload(Event.categories),
                selectinload(Event.recurring_rules),
                selectinload(Event.occurrences),
            )
            .order_by(Event.created_at, Event.id)
        )
        if calendar is not None:
            statement = statement.where(Event.calendar_id == calendar.id)
        return list(self.session.scalars(statement))

    def get(self, calendar: Calendar, slug: str) -> Event | None:
        return self.session.scalar(
            sa.select(Event)
            .where(Event.calendar_id == calendar.id, Event.slug == slug)
            .options(
                joinedload(Event.venue),
                selectinload(Event.categories),
                selectinload(Event.recurring_rules),
                selectinload(Event.occurrences),
            )
        )


# The events team's address (python.org: events@python.org); ``EVENTS_EMAIL`` overrides.
DEFAULT_EVENTS_EMAIL = "events@python.org"


def events_email() -> str:
    return str(current_app.config.get("EVENTS_EMAIL") or DEFAULT_EVENTS_EMAIL)


@dataclass
class EventSubmissionService:
    """Visitors propose events; the events team gets a mail (nothing is stored,
    as on python.org: the team adds the event to the right calendar)."""

    session: Session

    def submit(self, *, by: Any, submission: Mapping[str, Any]) -> None:
        EmailService(self.session).send(
            "event_submitted",
            events_email(),
            {"submission": dict(submission), "submitter": by},
            reply_to=by.email or None,
        )


@dataclass
class CalendarService:
    session: Session

    def get_by_slug(self, slug: str) -> Calendar | None:
        return self.session.scalar(sa.select(Calendar).where(Calendar.slug == slug))

    def all(self) -> list[Calendar]:
        return list(self.session.scalars(sa.select(Calendar).order_by(Calendar.name)))

    def categories(self, calendar: Calendar) -> list[EventCategory]:
        return list(
            self.session.scalars(
                sa.select(EventCategory)
                .where(EventCategory.calendar_id == calendar.id)
                .order_by(EventCategory.name)
            )
        )

    def locations(self, calendar: Calendar) -> list[EventLocation]:
        return list(
            self.session.scalars(
                sa.select(EventLocation)
                .where(EventLocation.calendar_id == calendar.id)
                .order_by(EventLocation.name)
            )
        )

    def category(self, calendar: Calendar, slug: str) -> EventCategory | None:
        return self.session.scalar(
            sa.select(EventCategory).where(
                EventCategory.calendar_id == calendar.id, EventCategory.slug == slug
            )
        )

    def location(
        self, calendar: Calendar, location_id: uuid.UUID
    ) -> EventLocation | None:
        return self.session.scalar(
            sa.select(EventLocation).where(
                EventLocation.calendar_id == calendar.id,
                EventLocation.id == location_id,
            )
        )


# -- iCalendar import ----------------------------------------------------------------

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


def _to_utc(value: date | datetime) -> datetime:
    """A DTSTART-like value in UTC: dates are midnight, floating times are UTC."""
    if isinstance(value, datetime):
        return aware(value)
    return datetime.combine(value, time.min, tzinfo=UTC)


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
        # The file is the source of truth for imported events: their dates are
        # replaced, not merged.
        event.recurring_rules.clear()
        event.occurrences.clear()
        self.session.flush()
        if rule is not None:
            event.recurring_rules.append(rule)
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
        return _Times(start, end, all_day, start_value.weekday())

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
            occurrences = rrule.rrule(
                int(frequency), dtstart=times.start, interval=interval, count=count
            )
            rule.finish = deque(occurrences, maxlen=1)[0]
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
