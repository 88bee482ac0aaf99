"""The change log: every committed change of every object, with who made it.

A before-commit subscriber of the content-change seam (:mod:`pydotorg.core.changes`)
writes one ``change_log`` row per changed object and transaction, in the same
transaction as the change: the actor (user id and a label such as ``flask jobs
expire``), the object (table, id, a readable label), the kind, the changed fields
with their values before and after, and a snapshot of the whole row after the
change (before it, for a deletion). Secret columns (``secret_columns(table)``)
show ``[redacted]`` in both.

:func:`restorable_values` turns an earlier snapshot back into column values; the
admin's History page sets them on the row and saves it through the view's service
(``StaffModelView.save_restored``), so the domain's rules still apply.
"""

from __future__ import annotations

import difflib
import enum
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, ClassVar

import sqlalchemy as sa
from markupsafe import Markup
from sqlalchemy.orm import Mapped, Session, mapped_column

from pydotorg.core.changes import Change, ChangeKind, on_before_commit
from pydotorg.core.markup import rendered_columns
from pydotorg.core.secret_registry import REDACTED, secret_columns
from pydotorg.core.types import UTCDateTime, UUIDType, utcnow
from pydotorg.extensions import db

# Columns the system sets itself: never written back by a restore.
SYSTEM_COLUMNS = frozenset(
    {
        "id", "created_at", "updated_at", "created", "updated", "api_id",
        "creator_id", "last_modified_by_id",
    }
)  # fmt: skip
# Text longer than this, or with several lines, is shown as a line diff.
_SHORT_TEXT = 120


class ChangeLogEntry(db.Model):  # type: ignore[name-defined,misc]
    """One object's change in one committed transaction."""

    __tablename__ = "change_log"
    __table_args__ = (
        sa.Index("ix_change_log_object", "table_name", "object_id", "id"),
    )
    track_changes: ClassVar[bool] = False  # the log does not log itself

    # An increasing number: entries of one second keep their order.
    id: Mapped[int] = mapped_column(
        sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
        primary_key=True,
        autoincrement=True,
    )
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    actor_kind: Mapped[str] = mapped_column(sa.String(20))
    actor: Mapped[str] = mapped_column(sa.String(300))
    actor_via: Mapped[str] = mapped_column(sa.String(20), default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType,
        sa.ForeignKey("users.id", ondelete="SET NULL"),
        nullable=True,
        index=True,
    )
    table_name: Mapped[str] = mapped_column(sa.String(100))
    object_id: Mapped[str] = mapped_column(sa.String(100))
    object_label: Mapped[str] = mapped_column(sa.String(500), default="")
    kind: Mapped[str] = mapped_column(sa.String(20))
    # {field: [before, after]}
    changes: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # {column: value} of the whole row
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    def __str__(self) -> str:
        return f"{self.kind} {self.table_name} {self.object_label or self.object_id}"

    @property
    def who(self) -> str:
        """The actor as staff read it: ``ada (API)``, ``flask jobs expire``."""
        return f"{self.actor} (API)" if self.actor_via == "api" else self.actor


# Writing ----------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """A JSON value for a column value (enums by member name, as forms take them)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.name
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Mapping):
        return {str(key): to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_json(item) for item in value]
    return str(value)


def _label(change: Change) -> str:
    try:
        return str(change.instance)[:500]
    except sa.exc.SQLAlchemyError:  # a deleted row whose attributes expired
        return f"{change.table} {change.id}"


def _snapshot(
    change: Change, secret: frozenset[str], derived: frozenset[str]
) -> dict[str, Any]:
    mapper = sa.inspect(change.model)
    if change.kind is ChangeKind.DELETED or change.instance is None:
        values = {name: value.old for name, value in change.fields.items()}
    else:
        state = sa.inspect(change.instance)
        values = {
            column.key: state.dict[column.key]
            if column.key in state.dict
            else getattr(change.instance, column.key)
            for column in mapper.column_attrs
        }
    return {
        name: REDACTED if name in secret else to_json(value)
        for name, value in values.items()
        if name in mapper.column_attrs and name not in derived
    }


@dataclass
class _Merged:
    """The changes of one object within one transaction (several flushes)."""

    first: Change
    last: Change
    kinds: list[ChangeKind]
    fields: dict[str, list[Any]]


def merge(changes: Iterable[Change]) -> list[_Merged]:
    """One entry per object: first old value, last new value of each field."""
    merged: dict[tuple[str, str], _Merged] = {}
    for change in changes:
        key = (change.table, str(change.id))
        entry = merged.get(key)
        if entry is None:
            entry = merged[key] = _Merged(change, change, [], {})
        entry.last = change
        entry.kinds.append(change.kind)
        for name, value in change.fields.items():
            if name in entry.fields:
                entry.fields[name][1] = value.new
            else:
                entry.fields[name] = [value.old, value.new]
    return list(merged.values())


def _kind(kinds: list[ChangeKind]) -> ChangeKind | None:
    if ChangeKind.DELETED in kinds:
        return None if kinds[0] is ChangeKind.CREATED else ChangeKind.DELETED
    if kinds[0] is ChangeKind.CREATED:
        return ChangeKind.CREATED
    if ChangeKind.PUBLISHED in kinds:
        return ChangeKind.PUBLISHED
    return ChangeKind.UPDATED


def record_changes(session: Session, changes: list[Change]) -> None:
    """The seam's before-commit subscriber: one log row per changed object."""
    deleted_users = {
        c.id for c in changes if c.table == "users" and c.kind is ChangeKind.DELETED
    }
    for entry in merge(changes):
        kind = _kind(entry.kinds)
        if kind is None:
            continue  # created and deleted in one transaction: never existed
        last = entry.last
        secret = secret_columns(last.table)
        # Stored renderings follow their source, which the entry already shows.
        derived = rendered_columns(last.model)
        fields = {
            name: [REDACTED, REDACTED]
            if name in secret
            else [to_json(old), to_json(new)]
            for name, (old, new) in entry.fields.items()
            if (kind is not ChangeKind.UPDATED or old != new) and name not in derived
        }
        actor = last.actor
        user_id = actor.user_id if actor.user_id not in deleted_users else None
        session.add(
            ChangeLogEntry(
                created_at=utcnow(),
                actor_kind=actor.kind,
                actor=actor.name[:300],
                actor_via=actor.via,
                user_id=user_id,
                table_name=last.table,
                object_id=str(last.id),
                object_label=_label(last),
                kind=kind.value,
                changes=fields,
                snapshot=_snapshot(last, secret, derived),
            )
        )


on_before_commit(record_changes)


# Reading ----------------------------------------------------------------------


def history_of(session: Session, table: str, object_id: Any) -> list[ChangeLogEntry]:
    """The object's entries, newest first."""
    return list(
        session.scalars(
            sa.select(ChangeLogEntry)
            .where(
                ChangeLogEntry.table_name == table,
                ChangeLogEntry.object_id == str(object_id),
            )
            .order_by(ChangeLogEntry.id.desc())
        )
    )


@dataclass
class FieldDiff:
    name: str
    before: Any
    after: Any
    lines: Markup | None = None  # a line diff of long text, HTML-escaped


def _is_long_text(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > _SHORT_TEXT or "\n" in value)


def line_diff(before: str, after: str) -> Markup:
    """A unified diff of two texts as escaped HTML, one line per row."""
    rows = []
    for line in difflib.unified_diff(
        before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=2
    ):
        if line.startswith(("---", "+++")):
            continue
        css = {"+": "diff-added", "-": "diff-removed", "@": "diff-hunk"}.get(
            line[:1], ""
        )
        rows.append(Markup('<span class="{}">{}</span>').format(css, line))
    return Markup("\n").join(rows)


def field_diffs(entry: ChangeLogEntry) -> list[FieldDiff]:
    """The entry's changed fields, long text as line diffs."""
    diffs = []
    for name, (before, after) in sorted((entry.changes or {}).items()):
        diff = FieldDiff(name, before, after)
        if _is_long_text(before) or _is_long_text(after):
            diff.lines = line_diff(before or "", after or "")
        diffs.append(diff)
    return diffs


def show_value(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)


# Restoring --------------------------------------------------------------------


def _from_json(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    column_type = column.type
    enum_class = getattr(column_type, "enum_class", None)
    if enum_class is not None:
        return enum_class[value]
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is time:
        return time.fromisoformat(value)
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    if python_type is Decimal:
        return Decimal(value)
    return value


def restorable_values(model: type, entry: ChangeLogEntry) -> dict[str, Any]:
    """The snapshot's editable column values, as Python values for ``model``.

    System columns (ids, timestamps), secret and redacted values, stored renderings
    (the save renders the restored source again) and columns the model no longer
    has are left out.
    """
    mapper = sa.inspect(model)
    skipped = secret_columns(entry.table_name) | rendered_columns(model)
    values = {}
    for name, value in (entry.snapshot or {}).items():
        if name in SYSTEM_COLUMNS or name in skipped or value == REDACTED:
            continue
        if name not in mapper.column_attrs:
            continue
        column = mapper.column_attrs[name].columns[0]
        if column.primary_key:
            continue
        values[name] = _from_json(column, value)
    return values


__all__ = [
    "ChangeLogEntry",
    "FieldDiff",
    "field_diffs",
    "history_of",
    "line_diff",
    "record_changes",
    "restorable_values",
    "show_value",
    "to_json",
]
