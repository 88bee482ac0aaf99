"""Portable column types (UUIDs that accept strings, timezone-aware UTC datetimes)
and the column shapes models repeat, as ``Annotated`` aliases."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from sqlalchemy.orm import mapped_column
from sqlalchemy.types import TypeDecorator


class UUIDType(TypeDecorator[uuid.UUID]):
    """``sa.Uuid`` that also accepts UUID strings (Flask-Admin passes strings)."""

    impl = sa.Uuid
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> uuid.UUID | None:
        if value is None or isinstance(value, uuid.UUID):
            return value
        return uuid.UUID(str(value))

    def process_literal_param(self, value: Any, dialect: sa.Dialect) -> str:
        return f"'{self.process_bind_param(value, dialect)}'"

    @property
    def python_type(self) -> type:
        return uuid.UUID


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite returns naive values)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    @property
    def python_type(self) -> type:
        return datetime


# Column shapes for ``Mapped[...]``: ``notes: Mapped[BlankText]``.
BlankText = Annotated[str, mapped_column(sa.Text, default="")]
Flag = Annotated[bool, mapped_column(default=False)]  # off unless set
IndexedFlag = Annotated[bool, mapped_column(default=False, index=True)]
Counter = Annotated[int, mapped_column(default=0)]


def utcnow() -> datetime:
    return datetime.now(UTC)


def enum_type(enum_class: type, name: str | None = None) -> sa.Enum:
    """Enum stored as its member name in text with a CHECK constraint (no native type)."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        name=name or _snake(enum_class.__name__),
        validate_strings=True,
    )


def enum_label(member: enum.Enum) -> str:
    """How staff read an enum member: its ``label`` if the enum gives one, else its
    name in words (``AWAITING_SIGNATURE`` -> ``Awaiting signature``)."""
    label = getattr(member, "label", None)
    if isinstance(label, str):
        return label
    return member.name.replace("_", " ").capitalize()


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")
