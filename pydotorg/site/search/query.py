"""Querying the index: one interface, PostgreSQL full-text search or SQLite FTS5.

Both rank title hits first (then by relevance, title weighted above body), and
both mark hits in snippets with private-use characters that :func:`highlight`
turns into ``<mark>`` after escaping everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from pydotorg.core.search import HIT_END, HIT_START
from pydotorg.site.search.models import FTS_TABLE, PG_DOCUMENT, TEXT_CONFIG, SearchEntry

MAX_TERMS = 12
SNIPPET_WORDS = 30
# Stands in for "<" in PostgreSQL headlines (private use, so never in indexed text).
LT_STAND_IN = "\ue002"
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    snippet: Markup
    url: str
    endpoint: str
    url_values: dict[str, Any]


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def terms_of(query: str) -> list[str]:
    """The words of a visitor's query (operators and punctuation are not syntax)."""
    return _WORD.findall(query.lower())[:MAX_TERMS]


def highlight(snippet: str) -> Markup:
    """Escape ``snippet``, then turn the backend's hit markers into ``<mark>``."""
    escaped = str(escape(snippet.replace(LT_STAND_IN, "<")))
    marked = escaped.replace(HIT_START, "<mark>").replace(HIT_END, "</mark>")
    # An unclosed marker (a cut snippet) must not leave an unbalanced tag.
    if marked.count("<mark>") != marked.count("</mark>"):
        marked = escaped.replace(HIT_START, "").replace(HIT_END, "")
    return Markup(marked)  # noqa: S704 (escaped above; only <mark> added)


class _Backend(Protocol):
    def ranked(self, terms: list[str]) -> tuple[sa.Select[Any], Any] | None:
        """``(select of (id, title_hit, rank) matching, snippet expression)``."""
        ...


class PostgresSearch(_Backend):
    def ranked(self, terms: list[str]):  # type: ignore[no-untyped-def]
        config = sa.literal_column(f"'{TEXT_CONFIG}'::regconfig")
        tsquery = sa.func.plainto_tsquery(config, " ".join(terms))
        document = sa.literal_column(f"({PG_DOCUMENT})")
        table = SearchEntry.__table__
        title_hit = sa.func.to_tsvector(config, table.c.title).op("@@")(tsquery)
        statement = sa.select(
            table.c.id,
            title_hit.label("title_hit"),
            sa.func.ts_rank(document, tsquery).label("rank"),
        ).where(document.op("@@")(tsquery))
        options = (
            f"StartSel={HIT_START}, StopSel={HIT_END}, "
            f"MaxWords={SNIPPET_WORDS}, MinWords=10, MaxFragments=2"
        )
        # The parser drops what looks like an HTML tag from a headline: hide "<"
        # from it (``highlight`` puts it back).
        body = sa.func.replace(table.c.body, "<", LT_STAND_IN)
        snippet = sa.func.ts_headline(config, body, tsquery, options)
        return statement, snippet


class SqliteSearch(_Backend):
    def ranked(self, terms: list[str]):  # type: ignore[no-untyped-def]
        table = SearchEntry.__table__
        fts = sa.table(FTS_TABLE, sa.column("rowid"))
        fts_name = sa.literal_column(FTS_TABLE)
        # Quoted: FTS5 query syntax (AND, NEAR, column:) is not the visitor's.
        everything = " ".join(f'"{term}"' for term in terms)
        in_title = " AND ".join(f'title : "{term}"' for term in terms)
        title_hit = table.c.id.in_(
            sa.select(fts.c.rowid).where(fts_name.op("MATCH")(in_title))
        )
        # FTS5's rank and snippet functions only work in a query of the FTS table
        # itself: match there, then join the entries.
        matched = (
            sa.select(
                fts.c.rowid.label("entry_id"),
                # bm25 is lower for better matches; title counts ten times the body.
                sa.func.bm25(fts_name, 10.0, 1.0).label("bm25"),
                sa.func.snippet(
                    fts_name, 1, HIT_START, HIT_END, "…", SNIPPET_WORDS // 2
                ).label("snippet"),
            )
            .where(fts_name.op("MATCH")(everything))
            .subquery("matched")
        )
        statement = sa.select(
            table.c.id,
            title_hit.label("title_hit"),
            (-matched.c.bm25).label("rank"),
        ).join(matched, matched.c.entry_id == table.c.id)
        snippet = matched.c.snippet
        return statement, snippet


def backend_for(session: Session) -> _Backend:
    dialect = session.get_bind().dialect.name
    return PostgresSearch() if dialect == "postgresql" else SqliteSearch()


def search(
    session: Session,
    query: str,
    *,
    kind: str | None = None,
    page: int = 1,
    per_page: int = 20,
    today: date | None = None,
) -> SearchPage:
    """One page of hits for ``query``, in one SQL statement (count included)."""
    terms = terms_of(query)
    if not terms:
        return SearchPage([], 0, page, per_page)
    today = today or datetime.now(UTC).date()
    table = SearchEntry.__table__
    backend = backend_for(session)
    ranked, snippet = backend.ranked(terms)
    ranked = ranked.where(sa.or_(table.c.expires.is_(None), table.c.expires >= today))
    if kind:
        ranked = ranked.where(table.c.kind == kind)
    ranked = ranked.add_columns(
        table.c.kind,
        table.c.title,
        snippet.label("snippet"),
        table.c.url,
        table.c.endpoint,
        table.c.url_values,
        sa.func.count().over().label("total"),
    )
    ranked = ranked.order_by(
        sa.desc(sa.literal_column("title_hit")),
        sa.desc(sa.literal_column("rank")),
        table.c.id,
    )
    rows = session.execute(ranked.limit(per_page).offset((page - 1) * per_page)).all()
    total = rows[0].total if rows else 0
    if not rows and page > 1:
        # Past the last page: the total still matters for the pager.
        total = session.execute(
            sa.select(sa.func.count()).select_from(ranked.subquery())
        ).scalar_one()
    hits = [
        Hit(
            row.kind,
            row.title,
            highlight(row.snippet or ""),
            row.url,
            row.endpoint,
            row.url_values or {},
        )
        for row in rows
    ]
    return SearchPage(hits, total, page, per_page)
