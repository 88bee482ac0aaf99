"""Published community posts, for site search."""

from __future__ import annotations

import sqlalchemy as sa
from markupsafe import escape

from pydotorg.core.markup import render
from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.community.models import Post


def post_document(post: Post) -> SearchDocument | None:
    if not post.is_published:
        return None
    body = plain_text(
        f"<p>{escape(post.abstract)}</p>", render(post.content, post.content_type)
    )
    return SearchDocument(
        post.title, body, endpoint="community.post_detail", values={"slug": post.slug}
    )


SEARCHABLES = (
    Searchable(
        "community",
        "Community posts",
        Post,
        post_document,
        lambda: sa.select(Post).where(Post.is_published),
    ),
)
