"""What a domain tells site search about its content, without importing the site.

Each domain that has searchable content declares ``SEARCHABLES`` in its
``search.py``: one :class:`Searchable` per model. The site's search index
(``pydotorg/site/search/``) reads them, keeps its index current through the
content-change seam and rebuilds it with ``flask search reindex``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Select

from pydotorg.core.markup import visible_text

# Private-use characters: search snippets mark hits (and PostgreSQL's stand-in for
# "<") with them before escaping, so indexed text must not contain them.
HIT_START = "\ue000"
HIT_END = "\ue001"
_RESERVED = str.maketrans("", "", "\ue000\ue001\ue002")


@dataclass(frozen=True)
class SearchDocument:
    """One public object as the index stores it.

    Where it lives: ``url`` (a path or an absolute URL), or ``endpoint`` and
    ``values`` for ``url_for`` (built per request, so it follows the site's routes).
    """

    title: str
    body: str
    url: str = ""
    endpoint: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)
    # Public up to and including this day only (job postings).
    expires: date | None = None


@dataclass(frozen=True)
class Searchable:
    """A model whose public rows search shows.

    ``document(obj)`` describes one row, or returns None when the public may not
    see it (a draft, an unapproved job): the index then holds nothing for it.
    ``public(session)`` is the statement of the rows that may be public, for a
    full reindex (``document`` still decides for each).
    """

    kind: str  # the ?type= value, e.g. "pages"
    label: str  # what the filter shows, e.g. "Pages"
    model: type
    document: Callable[[Any], SearchDocument | None]
    public: Callable[[], Select[Any]]


def published_searchable(
    kind: str, label: str, model: Any, describe: Callable[[Any], SearchDocument]
) -> Searchable:
    """The :class:`Searchable` of a model with ``is_published``: its published rows,
    each described by ``describe``; drafts are never indexed."""

    def document(row: Any) -> SearchDocument | None:
        return describe(row) if row.is_published else None

    return Searchable(
        kind, label, model, document, lambda: sa.select(model).where(model.is_published)
    )


def plain_text(*parts: str | None) -> str:
    """Visible text of sanitised HTML ``parts``, whitespace collapsed, for the index."""
    text = " ".join(visible_text(str(part)) for part in parts if part)
    return text.translate(_RESERVED)
