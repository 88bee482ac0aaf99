"""Published success stories, for site search."""

from __future__ import annotations

import sqlalchemy as sa
from markupsafe import escape

from pydotorg.core.markup import render
from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.successstories.models import Story


def story_document(story: Story) -> SearchDocument | None:
    if not story.is_published:
        return None
    body = plain_text(
        f"<p>{escape(story.company_name)}</p>",
        f"<p>{escape(story.pull_quote)}</p>",
        render(story.content, story.content_type),
    )
    return SearchDocument(
        story.name, body, endpoint="successstories.detail", values={"slug": story.slug}
    )


SEARCHABLES = (
    Searchable(
        "stories",
        "Success stories",
        Story,
        story_document,
        lambda: sa.select(Story).where(Story.is_published),
    ),
)
