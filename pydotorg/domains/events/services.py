"""Business rules of the calendar: occurrences from recurring rules, upcoming lists.

Recurring rules are expanded with ``dateutil.rrule`` into stored ``EventOccurrence``
rows, so public lists are plain indexed queries that paginate. Only a rolling window
is stored (``PAST_WINDOW`` back, ``HORIZON`` ahead); ``flask events refresh`` moves
it forward. Importing iCalendar files lives in
``ics_import``. Services flush, never commit.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload, selectinload

from pydotorg.core.response_cache import caching, valid_until
from pydotorg.core.rules import RuleError
from pydotorg.core.timezones import is_time_zone
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


class EventError(RuleError):
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


def one_off_dates(event: Event) -> list[EventOccurrence]:
    """The event's hand-entered dates, new ones too (the admin adds them to
    ``one_off_occurrences``; other paths to ``occurrences``)."""
    dates = {id(o): o for o in event.one_off_occurrences}
    for occurrence in event.occurrences:
        if occurrence.recurring_rule_id is None and occurrence.recurring_rule is None:
            dates.setdefault(id(occurrence), occurrence)
    return list(dates.values())


def in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """A naive wall-clock time (as typed in a form) in ``zone``, as UTC."""
    if value.tzinfo is not None:
        return aware(value)
    return value.replace(tzinfo=zone).astimezone(UTC)


@dataclass
class EventService:
    session: Session

    # -- rules -------------------------------------------------------------------

    @staticmethod
    def validate_rule(rule: RecurringRule) -> None:
        """Raise :class:`EventError` for a rule that cannot be expanded."""
        if rule.begin is None:
            raise EventError("A recurring rule needs a start.")
        if rule.count is not None:
            if not 1 <= rule.count <= MAX_OCCURRENCES_PER_RULE:
                raise EventError(
                    "A recurring rule repeats between 1 and "
                    f"{MAX_OCCURRENCES_PER_RULE} times."
                )
        elif rule.finish is None:
            raise EventError(
                "A recurring rule needs an end: an “until” date or a count."
            )
        elif aware(rule.finish) < aware(rule.begin):
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

    @classmethod
    def complete_rule(cls, rule: RecurringRule) -> None:
        """Validate ``rule``; a rule with a count finishes at its last time."""
        cls.validate_rule(rule)
        rule.begin = aware(rule.begin)
        if rule.count is not None:
            rule.finish = aware(deque(rule.to_rrule(), maxlen=1)[0])
        else:
            rule.finish = aware(rule.finish)

    @staticmethod
    def check_time_zone(event: Event) -> None:
        if not is_time_zone(event.time_zone):
            raise EventError(
                f"“{event.time_zone}” is not a time zone name "
                "(such as “UTC” or “Europe/Amsterdam”)."
            )

    def save_dates(self, event: Event, now: datetime | None = None) -> int:
        """Check and save all of an event's dates at once: its zone, its one-off
        times and its rules; then regenerate the rules' occurrences, in the
        caller's transaction. Returns how many occurrences were generated."""
        with self.session.no_autoflush:
            self.check_time_zone(event)
            for occurrence in one_off_dates(event):
                if occurrence.dt_start is None or occurrence.dt_end is None:
                    raise EventError("A date needs a start and an end.")
                occurrence.dt_start = aware(occurrence.dt_start)
                occurrence.dt_end = aware(occurrence.dt_end)
                if occurrence.dt_end < occurrence.dt_start:
                    raise EventError("A date cannot end before it starts.")
            for rule in event.recurring_rules:
                self.complete_rule(rule)
        return self.regenerate_occurrences(event, now)

    @staticmethod
    def rule_slots(rule: RecurringRule, start: datetime, end: datetime) -> list[Slot]:
        """Occurrences of ``rule`` that are still running at ``start`` and begin by ``end``."""
        duration = rule.duration or timedelta(0)
        rule.begin, rule.finish = aware(rule.begin), aware(rule.finish)
        starts = rule.to_rrule().between(start - duration, end, inc=True)
        return [
            Slot(aware(moment), aware(moment + duration), bool(rule.all_day))
            for moment in starts[:MAX_OCCURRENCES_PER_RULE]
        ]

    def regenerate_occurrences(self, event: Event, now: datetime | None = None) -> int:
        """Replace the event's generated occurrences; hand-made ones stay. Returns the count."""
        now = aware(now or utcnow())
        for rule in event.recurring_rules:
            self.complete_rule(rule)
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
                slots.append(
                    Slot(aware(moment), aware(moment + duration), bool(rule.all_day))
                )
        slots = sorted(slots, key=lambda slot: slot.start)[:count]
        for slot in slots:  # the list changes when one starts or ends
            valid_until(slot.end)
            if slot.start > after:
                valid_until(slot.start)
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
                past.append(
                    Slot(aware(moment), aware(moment + duration), bool(rule.all_day))
                )
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
