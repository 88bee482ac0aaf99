"""Published releases, for site search."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.downloads.models import Release


def release_document(release: Release) -> SearchDocument | None:
    if not release.is_published:
        return None
    body = plain_text(release.content_rendered)
    # Like ``release_url``: a release with no content of its own is its legacy page.
    if release.release_page is not None and not release.content:
        return SearchDocument(release.name, body, url=f"/{release.release_page.path}/")
    return SearchDocument(
        release.name,
        body,
        endpoint="downloads.release_detail",
        values={"slug": release.slug},
    )


SEARCHABLES = (
    Searchable(
        "releases",
        "Releases",
        Release,
        release_document,
        lambda: sa.select(Release).where(Release.is_published),
    ),
)
