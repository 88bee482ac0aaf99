"""Published pages, for site search."""

from __future__ import annotations

from pydotorg.core.search import SearchDocument, plain_text, published_searchable
from pydotorg.domains.pages.models import Page


def page_document(page: Page) -> SearchDocument:
    body = plain_text(page.content_rendered)
    return SearchDocument(
        page.title, f"{page.description} {body}".strip(), url=page.url
    )


SEARCHABLES = (published_searchable("pages", "Pages", Page, page_document),)
