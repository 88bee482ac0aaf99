"""Models for the community calendar: calendars, events, venues and when events happen.

An event happens at its ``EventOccurrence`` rows. Some are entered by hand (one-off
dates); the others are generated from the event's ``RecurringRule`` rows and point
back at their rule, so regenerating them never touches the hand-made ones.
"""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from dateutil import rrule
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import MarkupType, store_rendered
from pydotorg.core.models import (
    AuditBase,
    Base,
    ContentManageableMixin,
    NameSlugMixin,
    association_table,
)
from pydotorg.core.timezones import site_time_zone
from pydotorg.core.types import (
    BlankText,
    Flag,
    IndexedFlag,
    UTCDateTime,
    UUIDType,
)
from pydotorg.core.urls import url_info


def _aware(value: datetime) -> datetime:
    """Naive datetimes (fresh from a form, or SQLite) are UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class RecurrenceFrequency(enum.IntEnum):
    """dateutil.rrule's frequency constants, as stored in ``frequency``."""

    YEARLY = rrule.YEARLY
    MONTHLY = rrule.MONTHLY
    WEEKLY = rrule.WEEKLY
    DAILY = rrule.DAILY


event_event_categories = association_table(
    "event_event_categories", event_id="events", event_category_id="event_categories"
)


class Calendar(AuditBase, ContentManageableMixin, NameSlugMixin):
    """A calendar of events; ``url`` is an iCal source, ``rss``/``embed`` link out."""

    __tablename__ = "calendars"
    # /events/calendars/ and /events/submit/ are the site's own pages.
    reserved_slugs: ClassVar[frozenset[str]] = frozenset({"calendars", "submit"})

    description: Mapped[BlankText]
    url: Mapped[str | None] = mapped_column(sa.String(500), info=url_info())
    rss: Mapped[str | None] = mapped_column(sa.String(500))
    embed: Mapped[str | None] = mapped_column(sa.String(500))
    twitter: Mapped[str | None] = mapped_column(sa.String(500))

    events: Mapped[list[Event]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", passive_deletes=True
    )
    categories: Mapped[list[EventCategory]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", passive_deletes=True
    )
    locations: Mapped[list[EventLocation]] = relationship(
        back_populates="calendar", cascade="all, delete-orphan", passive_deletes=True
    )


class EventCategory(AuditBase, NameSlugMixin):
    __tablename__ = "event_categories"

    calendar_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("calendars.id", ondelete="CASCADE"), index=True
    )

    calendar: Mapped[Calendar] = relationship(back_populates="categories")


class EventLocation(AuditBase):
    """A venue, optionally tied to one calendar (python.org's EventLocation)."""

    __tablename__ = "event_locations"

    calendar_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("calendars.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(255))
    address: Mapped[str | None] = mapped_column(sa.String(255))
    url: Mapped[str | None] = mapped_column(sa.String(500), info=url_info())

    calendar: Mapped[Calendar | None] = relationship(back_populates="locations")


def _name_from_title(context: sa.engine.interfaces.ExecutionContext) -> str:
    return context.get_current_parameters()["title"]


class Event(AuditBase, ContentManageableMixin, NameSlugMixin):
    __tablename__ = "events"

    # The seed gives events both a name and a title; the title is what editors
    # write, so the slug (and an empty name) follow it.
    slug_source: ClassVar[str | None] = "title"
    # Pages under /events/<calendar>/ that an event's slug must not shadow.
    reserved_slugs: ClassVar[frozenset[str]] = frozenset(
        {"past", "categories", "locations", "date"}
    )

    name: Mapped[str] = mapped_column(sa.String(200), default=_name_from_title)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)
    content_type: Mapped[MarkupType]
    description_rendered: Mapped[BlankText]  # sanitised HTML, on save
    # iCal UID of imported events, so a re-import updates instead of duplicating.
    uid: Mapped[str | None] = mapped_column(sa.String(200), index=True)
    calendar_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("calendars.id", ondelete="CASCADE"), index=True
    )
    venue_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("event_locations.id", ondelete="SET NULL"), index=True
    )
    featured: Mapped[IndexedFlag]
    # The IANA zone its dates are entered and repeat in (stored times stay UTC):
    # a weekly 18:00 in Europe/Berlin stays 18:00 there across daylight saving.
    time_zone: Mapped[str] = mapped_column(
        sa.String(64), default=site_time_zone, server_default="UTC"
    )

    calendar: Mapped[Calendar] = relationship(back_populates="events")
    venue: Mapped[EventLocation | None] = relationship()
    categories: Mapped[list[EventCategory]] = relationship(
        secondary=event_event_categories, order_by="EventCategory.name"
    )
    occurrences: Mapped[list[EventOccurrence]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventOccurrence.dt_start",
    )
    # The dates entered by hand (the admin edits them inline): the occurrences
    # that no rule generated.
    one_off_occurrences: Mapped[list[EventOccurrence]] = relationship(
        primaryjoin="and_(Event.id == EventOccurrence.event_id, "
        "EventOccurrence.recurring_rule_id.is_(None))",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventOccurrence.dt_start",
        overlaps="occurrences,event",
    )
    recurring_rules: Mapped[list[RecurringRule]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RecurringRule.begin",
    )

    def __str__(self) -> str:
        return self.title or self.name or "event"


store_rendered(Event, "description", "description_rendered", "content_type")


class RecurringRule(Base):
    """Repeats an event every ``interval`` periods of ``frequency`` from ``begin`` to ``finish``."""

    __tablename__ = "event_recurring_rules"

    event_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    begin: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finish: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    duration: Mapped[timedelta] = mapped_column(
        sa.Interval, default=timedelta(minutes=15)
    )
    interval: Mapped[int] = mapped_column(default=1)
    frequency: Mapped[int] = mapped_column(default=int(RecurrenceFrequency.WEEKLY))
    all_day: Mapped[Flag]
    # Repeat this many times; ``finish`` is then the last time (kept in step by
    # the service). Without a count the rule runs until ``finish``.
    count: Mapped[int | None] = mapped_column(sa.Integer)

    event: Mapped[Event] = relationship(back_populates="recurring_rules")

    @property
    def frequency_name(self) -> str:
        try:
            return RecurrenceFrequency(self.frequency).name.lower()
        except ValueError:
            return f"frequency {self.frequency}"

    @property
    def zone(self) -> ZoneInfo:
        """The event's zone, where the rule repeats (UTC for all-day rules and for
        a zone the system lacks)."""
        name = self.event.time_zone if self.event is not None else None
        if self.all_day:
            name = "UTC"  # all-day times are dates, kept at midnight UTC
        try:
            return ZoneInfo(name or "UTC")
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def to_rrule(self) -> rrule.rrule:
        """The rule's times, in the event's zone (aware datetimes): the wall-clock
        time stays the same when daylight saving time starts or ends."""
        zone = self.zone
        begin = _aware(self.begin).astimezone(zone)
        if self.count:
            return rrule.rrule(
                self.frequency,
                dtstart=begin,
                interval=max(self.interval or 1, 1),
                count=self.count,
            )
        return rrule.rrule(
            self.frequency,
            dtstart=begin,
            interval=max(self.interval or 1, 1),
            until=_aware(self.finish).astimezone(zone),
        )

    def __str__(self) -> str:
        every = f"every {self.interval} " if (self.interval or 1) > 1 else ""
        until = f"{self.count} times" if self.count else f"to {self.finish:%Y-%m-%d}"
        return f"{self.frequency_name} {every}from {self.begin:%Y-%m-%d} {until}"


class EventOccurrence(Base):
    """One time an event happens (entered by hand, or generated from a rule)."""

    __tablename__ = "event_occurrences"

    event_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    # Set on occurrences generated from a rule; regeneration replaces only those.
    recurring_rule_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType,
        sa.ForeignKey("event_recurring_rules.id", ondelete="CASCADE"),
        index=True,
    )
    dt_start: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    dt_end: Mapped[datetime] = mapped_column(UTCDateTime)
    all_day: Mapped[Flag]

    event: Mapped[Event] = relationship(back_populates="occurrences")
    recurring_rule: Mapped[RecurringRule | None] = relationship()

    @property
    def single_day(self) -> bool:
        return self.dt_start.date() == self.dt_end.date()

    def __str__(self) -> str:
        return f"{self.event} on {self.dt_start:%Y-%m-%d %H:%M}"
