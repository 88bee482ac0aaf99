"""Blog entries (fetched from public feeds), for site search."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.blogs.models import BlogEntry


def entry_document(entry: BlogEntry) -> SearchDocument | None:
    return SearchDocument(
        entry.title, plain_text(entry.summary or entry.content), url=entry.url
    )


SEARCHABLES = (
    Searchable(
        "blogs", "Blog entries", BlogEntry, entry_document, lambda: sa.select(BlogEntry)
    ),
)
