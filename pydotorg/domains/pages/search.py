"""Published pages, for site search."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.pages.models import Page


def page_document(page: Page) -> SearchDocument | None:
    if not page.is_published:
        return None
    body = plain_text(page.content_rendered)
    return SearchDocument(
        page.title, f"{page.description} {body}".strip(), url=page.url
    )


SEARCHABLES = (
    Searchable(
        "pages",
        "Pages",
        Page,
        page_document,
        lambda: sa.select(Page).where(Page.is_published),
    ),
)
