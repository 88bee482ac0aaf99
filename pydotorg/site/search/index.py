"""Keeping the index current: every domain's ``SEARCHABLES``, the change seam, reindex."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.changes import Change, ChangeKind, on_before_commit
from pydotorg.core.search import Searchable, SearchDocument
from pydotorg.domains.blogs import search as blogs_search
from pydotorg.domains.community import search as community_search
from pydotorg.domains.downloads import search as downloads_search
from pydotorg.domains.events import search as events_search
from pydotorg.domains.jobs import search as jobs_search
from pydotorg.domains.minutes import search as minutes_search
from pydotorg.domains.pages import search as pages_search
from pydotorg.domains.successstories import search as successstories_search
from pydotorg.site.search.models import SearchEntry

# Each domain describes its own documents (``search.py``, core's ``Searchable``);
# this list, in the order the type filter shows them, is all the site knows.
DOMAIN_SEARCHABLES = (
    pages_search,
    downloads_search,
    jobs_search,
    events_search,
    successstories_search,
    blogs_search,
    minutes_search,
    community_search,
)


@cache
def searchables() -> tuple[Searchable, ...]:
    """Every domain's searchable models."""
    return tuple(s for module in DOMAIN_SEARCHABLES for s in module.SEARCHABLES)


def searchable_for(model: type) -> Searchable | None:
    for searchable in searchables():
        if issubclass(model, searchable.model):
            return searchable
    return None


def _row(searchable: Searchable, object_id: str, doc: SearchDocument) -> dict[str, Any]:
    return {
        "kind": searchable.kind,
        "object_id": object_id,
        "title": doc.title,
        "body": doc.body,
        "url": doc.url,
        "endpoint": doc.endpoint,
        "url_values": dict(doc.values),
        "expires": doc.expires,
    }


def index_object(
    session: Session, searchable: Searchable, obj: Any, object_id: Any
) -> None:
    """Store ``obj``'s document, or remove it when the public may not see it."""
    key = str(object_id)
    table = SearchEntry.__table__
    session.execute(
        sa.delete(table).where(
            table.c.kind == searchable.kind, table.c.object_id == key
        )
    )
    doc = searchable.document(obj) if obj is not None else None
    if doc is not None:
        session.execute(sa.insert(table).values(_row(searchable, key, doc)))


def update_index(session: Session, changes: Iterable[Change]) -> None:
    """Before commit: the index follows each changed searchable row (atomic with it)."""
    latest: dict[tuple[str, str], tuple[Searchable, Change]] = {}
    for change in changes:
        searchable = searchable_for(change.model)
        if searchable is not None:
            latest[(searchable.kind, str(change.id))] = (searchable, change)
    for searchable, change in latest.values():
        obj = None if change.kind is ChangeKind.DELETED else change.instance
        index_object(session, searchable, obj, change.id)


def reindex(session: Session, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index from the database; flushes, the caller commits."""
    wanted = set(kinds) if kinds is not None else None
    counts: dict[str, int] = {}
    table = SearchEntry.__table__
    for searchable in searchables():
        if wanted is not None and searchable.kind not in wanted:
            continue
        session.execute(sa.delete(table).where(table.c.kind == searchable.kind))
        rows = []
        for obj in session.scalars(searchable.public()):
            doc = searchable.document(obj)
            if doc is not None:
                key = str(sa.inspect(obj).identity[0])
                rows.append(_row(searchable, key, doc))
        if rows:
            session.execute(sa.insert(table), rows)
        counts[searchable.kind] = len(rows)
    return counts


on_before_commit(update_index)
