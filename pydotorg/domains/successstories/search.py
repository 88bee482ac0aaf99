"""Published success stories, for site search."""

from __future__ import annotations

from markupsafe import escape

from pydotorg.core.markup import render
from pydotorg.core.search import SearchDocument, plain_text, published_searchable
from pydotorg.domains.successstories.models import Story


def story_document(story: Story) -> SearchDocument:
    body = plain_text(
        f"<p>{escape(story.company_name)}</p>",
        f"<p>{escape(story.pull_quote)}</p>",
        render(story.content, story.content_type),
    )
    return SearchDocument(
        story.name, body, endpoint="successstories.detail", values={"slug": story.slug}
    )


SEARCHABLES = (
    published_searchable("stories", "Success stories", Story, story_document),
)
