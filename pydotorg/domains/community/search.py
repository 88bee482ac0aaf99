"""Published community posts, for site search."""

from __future__ import annotations

from markupsafe import escape

from pydotorg.core.search import SearchDocument, plain_text, published_searchable
from pydotorg.domains.community.models import Post


def post_document(post: Post) -> SearchDocument:
    body = plain_text(f"<p>{escape(post.abstract)}</p>", post.content_rendered)
    return SearchDocument(
        post.title, body, endpoint="community.post_detail", values={"slug": post.slug}
    )


SEARCHABLES = (
    published_searchable("community", "Community posts", Post, post_document),
)
