"""Published board minutes, for site search."""

from __future__ import annotations

from pydotorg.core.search import SearchDocument, plain_text, published_searchable
from pydotorg.domains.minutes.models import Minutes


def minutes_document(minutes: Minutes) -> SearchDocument:
    return SearchDocument(
        str(minutes),
        plain_text(minutes.content_rendered),
        endpoint="minutes.minutes_detail",
        values={"slug": minutes.slug},
    )


SEARCHABLES = (published_searchable("minutes", "Minutes", Minutes, minutes_document),)
