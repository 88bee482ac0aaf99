"""Published success stories, for site search."""

from __future__ import annotations

from markupsafe import escape

from pydotorg.core.search import SearchDocument, plain_text, published_searchable
from pydotorg.domains.successstories.models import Story


def story_document(story: Story) -> SearchDocument:
    body = plain_text(
        f"<p>{escape(story.company_name)}</p>",
        f"<p>{escape(story.pull_quote)}</p>",
        story.content_rendered,
    )
    return SearchDocument(
        story.name, body, endpoint="successstories.detail", values={"slug": story.slug}
    )


SEARCHABLES = (
    published_searchable("stories", "Success stories", Story, story_document),
)
