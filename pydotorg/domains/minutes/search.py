"""Published board minutes, for site search."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.core.markup import render
from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.minutes.models import Minutes


def minutes_document(minutes: Minutes) -> SearchDocument | None:
    if not minutes.is_published:
        return None
    return SearchDocument(
        str(minutes),
        plain_text(render(minutes.content, minutes.content_type)),
        endpoint="minutes.minutes_detail",
        values={"slug": minutes.slug},
    )


SEARCHABLES = (
    Searchable(
        "minutes",
        "Minutes",
        Minutes,
        minutes_document,
        lambda: sa.select(Minutes).where(Minutes.is_published),
    ),
)
