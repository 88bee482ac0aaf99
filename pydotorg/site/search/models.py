"""The search index: one row per public object, plus a full-text index per dialect.

The full-text parts are not model metadata (Alembic cannot describe them), so
they are made here when the table is created and by the migration, and
``migrations/env.py`` leaves them out of autogenerate's comparison:

- SQLite: an FTS5 table ``search_entries_fts`` over ``title`` and ``body`` (its
  shadow tables are FTS5's own), kept in step by triggers.
- PostgreSQL: a GIN index on the weighted ``tsvector`` (title A, body B) that the
  search query repeats verbatim, so the planner uses it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from pydotorg.core.types import BlankText
from pydotorg.extensions import db

FTS_TABLE = "search_entries_fts"
PG_INDEX = "ix_search_entries_document"
TEXT_CONFIG = "english"

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_entries_fts USING fts5("
    "title, body, content='search_entries', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ai AFTER INSERT ON search_entries "
    "BEGIN INSERT INTO search_entries_fts(rowid, title, body) "
    "VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_ad AFTER DELETE ON search_entries "
    "BEGIN INSERT INTO search_entries_fts(search_entries_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS search_entries_au AFTER UPDATE ON search_entries "
    "BEGIN INSERT INTO search_entries_fts(search_entries_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO search_entries_fts(rowid, title, body) "
    "VALUES (new.id, new.title, new.body); END",
)
SQLITE_DROP = (f"DROP TABLE IF EXISTS {FTS_TABLE}",)

PG_DOCUMENT = (
    f"setweight(to_tsvector('{TEXT_CONFIG}'::regconfig, title), 'A') || "
    f"setweight(to_tsvector('{TEXT_CONFIG}'::regconfig, body), 'B')"
)
PG_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_entries USING gin (({PG_DOCUMENT}))",
)
PG_DROP = (f"DROP INDEX IF EXISTS {PG_INDEX}",)


def full_text_ddl(dialect: str, *, create: bool) -> tuple[str, ...]:
    """The statements that make (or remove) the full-text index on ``dialect``."""
    if dialect == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if dialect == "postgresql":
        return PG_CREATE if create else PG_DROP
    return ()


def excluded_from_autogenerate(name: str | None, type_: str) -> bool:
    """The full-text parts Alembic must not compare (see the module docstring)."""
    if name is None:
        return False
    if type_ == "table":
        return name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_")
    return type_ == "index" and name == PG_INDEX


class SearchEntry(db.Model):  # type: ignore[name-defined,misc]
    """One public object in the index (drafts and hidden rows are never stored)."""

    __tablename__ = "search_entries"
    __table_args__ = (sa.UniqueConstraint("kind", "object_id"),)
    # The index is derived data, not content: its writes announce nothing.
    track_changes = False

    # An integer key: FTS5's rowid.
    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    object_id: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.Text)
    body: Mapped[BlankText]
    url: Mapped[str] = mapped_column(sa.String(1000), default="")
    endpoint: Mapped[str] = mapped_column(sa.String(100), default="")
    url_values: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    expires: Mapped[date | None] = mapped_column(sa.Date)


def _create_full_text(target: Any, connection: sa.Connection, **kw: Any) -> None:
    for statement in full_text_ddl(connection.dialect.name, create=True):
        connection.exec_driver_sql(statement)


def _drop_full_text(target: Any, connection: sa.Connection, **kw: Any) -> None:
    for statement in full_text_ddl(connection.dialect.name, create=False):
        connection.exec_driver_sql(statement)


sa.event.listen(SearchEntry.__table__, "after_create", _create_full_text)
sa.event.listen(SearchEntry.__table__, "before_drop", _drop_full_text)
