"""The one seam for "content changed": every write, whichever path made it.

Admin forms and actions, the API, CLI commands, public forms, feed fetches and
scheduled expiry all write through services that flush the session. This module
listens to the session once, so features never add listeners of their own:

1. **Collected at flush.** Each flushed row becomes a :class:`Change`: its model,
   table and id, its kind (created, updated, deleted, or published: an existing
   row became public), the changed fields with old and new values (columns, plus
   the related ids of a changed collection), and the :class:`Actor`.
2. **Before commit** (``on_before_commit(fn)``): ``fn(session, changes)`` runs
   inside the transaction, after the last flush and before COMMIT. What it writes
   is atomic with the change: a change log, a webhook outbox, a search index. An
   exception aborts the commit (the caller's error handling rolls back). Rows it
   adds are flushed, and announced too unless their model sets
   ``track_changes = False``.
3. **After commit** (``on_after_commit(fn)``): ``fn(changes)`` runs once the
   commit succeeded, outside the transaction: cache invalidation, CDN purges, mail
   and webhook delivery. An exception is logged, never raised: the change is
   already made.

A rollback discards what it undid: the whole list for the transaction, or what a
savepoint (``begin_nested``) collected when only the savepoint rolls back.

**The actor** says who or what made the change, so a change log can record it. The
edges set it: ``with acting_as(actor)`` wins (every project CLI command runs as
itself, ``flask jobs expire``: see ``pydotorg/cli.py``; a background job names
itself the same way); in a request it is the caller the API authenticated
(``set_request_actor``), else the logged-in user, else anonymous; anything else is
the system.

**Secrets.** Changes carry values as they are, with their table and column names;
a consumer that stores or sends them applies :meth:`Change.redacted` with the
secret registry's ``secret_columns(table)`` first.

Models opt out with ``track_changes = False`` (bookkeeping that is not content:
login throttles, a change log's own rows). A model whose "public" flag is not
``is_published`` names it: ``publication = ("status", JobStatus.APPROVED)``.
"""

from __future__ import annotations

import contextvars
import enum
import logging
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from sqlalchemy.orm import Session, SessionTransaction

from pydotorg.core.secret_registry import REDACTED

logger = logging.getLogger(__name__)


class ChangeKind(enum.Enum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    PUBLISHED = "published"


@dataclass(frozen=True)
class Actor:
    """Who or what made a change: a user (on the web or through the API), an
    anonymous visitor, a CLI command, or the system."""

    kind: str  # "user", "anonymous", "cli" or "system"
    name: str  # the username, the command line, or what the system did
    user_id: uuid.UUID | None = None
    via: str = ""  # "web" or "api" for people

    @classmethod
    def for_user(cls, user: Any, *, via: str = "web") -> Actor:
        if user is None or not getattr(user, "is_authenticated", False):
            return cls("anonymous", "anonymous", via=via)
        return cls("user", user.username, user.id, via)

    @classmethod
    def cli(cls, command_line: str) -> Actor:
        return cls("cli", command_line)

    @classmethod
    def system(cls, what: str = "system") -> Actor:
        return cls("system", what)

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


@dataclass(frozen=True)
class FieldChange:
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One row's change, as collected at flush."""

    model: type
    table: str
    id: Any
    kind: ChangeKind
    fields: Mapping[str, FieldChange]
    actor: Actor
    # The row itself (expired after commit, detached once deleted).
    instance: Any = field(default=None, repr=False, compare=False)

    def redacted(self, secret_columns: Callable[[str], Collection[str]]) -> Change:
        """A copy whose secret columns (``secret_columns(table)``) show no values."""
        secret = secret_columns(self.table)
        if not secret:
            return self
        fields = {
            name: FieldChange(REDACTED, REDACTED) if name in secret else value
            for name, value in self.fields.items()
        }
        return replace(self, fields=fields)


BeforeCommit = Callable[[Session, list[Change]], None]
AfterCommit = Callable[[list[Change]], None]
_before_commit: list[BeforeCommit] = []
_after_commit: list[AfterCommit] = []


def on_before_commit(fn: BeforeCommit) -> BeforeCommit:
    """Subscribe ``fn(session, changes)``: writes atomic with the changes."""
    if fn not in _before_commit:
        _before_commit.append(fn)
    return fn


def on_after_commit(fn: AfterCommit) -> AfterCommit:
    """Subscribe ``fn(changes)``: side effects once the changes are committed."""
    if fn not in _after_commit:
        _after_commit.append(fn)
    return fn


def unsubscribe(fn: Callable[..., None]) -> None:
    for subscribers in (_before_commit, _after_commit):
        if fn in subscribers:
            subscribers.remove(fn)  # type: ignore[arg-type]


# The actor --------------------------------------------------------------------

_acting_as: contextvars.ContextVar[Actor | None] = contextvars.ContextVar(
    "pydotorg_actor", default=None
)
_REQUEST_ACTOR = "pydotorg.actor"


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    """Changes made inside are ``actor``'s (background jobs, feed fetches, tests)."""
    token = _acting_as.set(actor)
    try:
        yield actor
    finally:
        _acting_as.reset(token)


def set_request_actor(actor: Actor) -> None:
    """This request's changes are ``actor``'s (the API's authenticated caller)."""
    request.environ[_REQUEST_ACTOR] = actor


def current_actor() -> Actor:
    """Who or what is making changes now (see the module docstring)."""
    if (actor := _acting_as.get()) is not None:
        return actor
    if has_request_context():
        if (actor := request.environ.get(_REQUEST_ACTOR)) is not None:
            return actor
        from flask_login import current_user

        return Actor.for_user(current_user)
    return Actor.system()


# Collecting -------------------------------------------------------------------

_PENDING = "pydotorg.changes"
_COMMITTED = "pydotorg.changes.committed"
_OLD_VALUES = "pydotorg.changes.old_values"


@dataclass
class _Collected:
    change: Change
    transaction: SessionTransaction


def _pending(session: Session) -> list[_Collected]:
    return session.info.setdefault(_PENDING, [])


def _tracked(obj: Any) -> bool:
    return bool(getattr(type(obj), "track_changes", True))


def _identity(obj: Any) -> Any:
    """The primary key (new rows have theirs once flushed, before their identity)."""
    state = sa.inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    return key[0] if len(key) == 1 else tuple(key)


def _related_ids(values: Collection[Any]) -> list[Any]:
    return sorted((_identity(value) for value in values), key=str)


def _unknown_old_values(state: Any, deleted: bool) -> list[str]:
    """Columns whose value before this flush the session does not hold: a row
    changed (or deleted) after its attributes expired, e.g. after a commit."""
    keys = []
    for column in state.mapper.column_attrs:
        if deleted:
            if column.key in state.unloaded:
                keys.append(column.key)
            continue
        history = state.attrs[column.key].history
        if history.added and not history.deleted:
            keys.append(column.key)
    return keys


def _remember_old_values(session: Session, flush_context: Any, instances: Any) -> None:
    """Read the unknown old values before the flush overwrites them: one query per
    such row (a row loaded and then edited, as forms do, needs none)."""
    remembered: dict[Any, dict[str, Any]] = {}
    for objects, deleted in ((session.dirty, False), (session.deleted, True)):
        for obj in objects:
            state = sa.inspect(obj)
            if not _tracked(obj) or state.key is None:
                continue
            keys = _unknown_old_values(state, deleted)
            if not keys:
                continue
            mapper = state.mapper
            columns = [mapper.column_attrs[key].columns[0] for key in keys]
            where = [
                column == value
                for column, value in zip(mapper.primary_key, state.key[1], strict=True)
            ]
            row = session.execute(sa.select(*columns).where(*where)).one_or_none()
            if row is not None:
                remembered[state] = dict(zip(keys, row, strict=True))
    session.info[_OLD_VALUES] = remembered


def _field_changes(
    obj: Any, kind: ChangeKind, old_values: Mapping[str, Any]
) -> dict[str, FieldChange]:
    state = sa.inspect(obj)
    mapper = state.mapper
    changes: dict[str, FieldChange] = {}
    for column in mapper.column_attrs:
        history = state.attrs[column.key].history
        if kind is ChangeKind.CREATED:
            new = history.added[0] if history.added else state.dict.get(column.key)
            changes[column.key] = FieldChange(None, new)
        elif kind is ChangeKind.DELETED:
            known = history.unchanged or history.deleted
            old = known[0] if known else old_values.get(column.key)
            changes[column.key] = FieldChange(old, None)
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else old_values.get(column.key)
            new = history.added[0] if history.added else None
            if old != new:
                changes[column.key] = FieldChange(old, new)
    if kind is not ChangeKind.DELETED:
        for relationship in mapper.relationships:
            if not relationship.uselist:
                continue  # its foreign key column shows the change
            history = state.attrs[relationship.key].history
            if history.added or history.deleted:
                now = list(history.unchanged) + list(history.added)
                before = list(history.unchanged) + list(history.deleted)
                changes[relationship.key] = FieldChange(
                    _related_ids(before), _related_ids(now)
                )
    return changes


def _publication(obj: Any) -> tuple[str, Any] | None:
    declared = getattr(type(obj), "publication", None)
    if declared is not None:
        return declared  # type: ignore[no-any-return]
    if "is_published" in sa.inspect(type(obj)).column_attrs:
        return ("is_published", True)
    return None


def _kind_of_update(obj: Any, fields: Mapping[str, FieldChange]) -> ChangeKind:
    publication = _publication(obj)
    if publication is not None:
        name, public = publication
        if name in fields and fields[name].new == public != fields[name].old:
            return ChangeKind.PUBLISHED
    return ChangeKind.UPDATED


def _collect(session: Session, flush_context: Any) -> None:
    old_values = session.info.pop(_OLD_VALUES, {})
    transaction = session.get_nested_transaction() or session.get_transaction()
    if transaction is None:
        return
    found: list[tuple[Any, ChangeKind, dict[str, FieldChange]]] = []
    for obj in session.new:
        if _tracked(obj):
            fields = _field_changes(obj, ChangeKind.CREATED, {})
            found.append((obj, ChangeKind.CREATED, fields))
    for obj in session.dirty:
        if _tracked(obj) and session.is_modified(obj):
            old = old_values.get(sa.inspect(obj), {})
            fields = _field_changes(obj, ChangeKind.UPDATED, old)
            if fields:
                found.append((obj, _kind_of_update(obj, fields), fields))
    for obj in session.deleted:
        if _tracked(obj):
            old = old_values.get(sa.inspect(obj), {})
            found.append(
                (obj, ChangeKind.DELETED, _field_changes(obj, ChangeKind.DELETED, old))
            )
    if not found:
        return
    actor = current_actor()
    pending = _pending(session)
    for obj, kind, fields in found:
        change = Change(
            model=type(obj),
            table=sa.inspect(obj).mapper.local_table.name,
            id=_identity(obj),
            kind=kind,
            fields=fields,
            actor=actor,
            instance=obj,
        )
        pending.append(_Collected(change, transaction))


def _within(
    transaction: SessionTransaction | None, ancestor: SessionTransaction
) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


def _discard_rolled_back(session: Session, previous: SessionTransaction) -> None:
    if _PENDING not in session.info:
        return
    session.info[_PENDING] = [
        collected
        for collected in session.info[_PENDING]
        if not _within(collected.transaction, previous)
    ]


def _changes(session: Session) -> list[Change]:
    return [collected.change for collected in session.info.get(_PENDING, ())]


def _run_before_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        return  # a savepoint's release: only the real commit counts
    session.flush()  # collect what is still pending before subscribers see it
    changes = _changes(session)
    if changes:
        for subscriber in list(_before_commit):
            subscriber(session, changes)


def _note_commit(session: Session) -> None:
    if session.get_nested_transaction() is None:  # not a savepoint's release
        session.info[_COMMITTED] = True


def _release(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return
    committed = session.info.pop(_COMMITTED, False)
    changes = _changes(session)
    session.info.pop(_PENDING, None)
    if not (committed and changes):
        return
    for subscriber in list(_after_commit):
        try:
            subscriber(changes)
        except Exception:  # the change is made; a side effect must not undo the request
            logger.exception("after-commit subscriber %r failed", subscriber)


sa.event.listen(Session, "before_flush", _remember_old_values)
sa.event.listen(Session, "after_flush", _collect)
sa.event.listen(Session, "after_soft_rollback", _discard_rolled_back)
sa.event.listen(Session, "before_commit", _run_before_commit)
sa.event.listen(Session, "after_commit", _note_commit)
sa.event.listen(Session, "after_transaction_end", _release)
