"""Business rules of the calendar: occurrences from recurring rules, upcoming lists.

Recurring rules are expanded with ``dateutil.rrule`` into stored ``EventOccurrence``
rows, so public lists are plain indexed queries that paginate. Only a rolling window
is stored (``PAST_WINDOW`` back, ``HORIZON`` ahead); ``flask events refresh`` moves
it forward. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, selectinload

from pydotorg.core.types import utcnow
from pydotorg.domains.events.models import (
    Calendar,
    Event,
    EventOccurrence,
    RecurrenceFrequency,
    RecurringRule,
)

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
        return sorted(slots, key=lambda slot: slot.start)[:count]

    def upcoming_statement(
        self, calendar: Calendar | None = None, now: datetime | None = None
    ) -> sa.Select[Any]:
        """Occurrences still running or yet to start, soonest first, events loaded."""
        statement = (
            sa.select(EventOccurrence)
            .join(EventOccurrence.event)
            .where(EventOccurrence.dt_end >= aware(now or utcnow()))
            .options(
                joinedload(EventOccurrence.event).joinedload(Event.calendar),
                joinedload(EventOccurrence.event).joinedload(Event.venue),
            )
            .order_by(EventOccurrence.dt_start, Event.title)
        )
        if calendar is not None:
            statement = statement.where(Event.calendar_id == calendar.id)
        return statement

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


@dataclass
class CalendarService:
    session: Session

    def get_by_slug(self, slug: str) -> Calendar | None:
        return self.session.scalar(sa.select(Calendar).where(Calendar.slug == slug))

    def all(self) -> list[Calendar]:
        return list(self.session.scalars(sa.select(Calendar).order_by(Calendar.name)))
