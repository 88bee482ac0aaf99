"""Community post workflows: publishing, and the public queries."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from pydotorg.core.switches import switch
from pydotorg.domains.community.models import Post


@dataclass
class PostService:
    session: Session

    publish = switch("is_published", True, staff_only=False)
    unpublish = switch("is_published", False, staff_only=False)

    def published_query(self) -> sa.Select[tuple[Post]]:
        """Public posts, newest first, with their attachments loaded."""
        return (
            sa.select(Post)
            .where(Post.is_published.is_(True))
            .options(
                selectinload(Post.photos),
                selectinload(Post.videos),
                selectinload(Post.links),
            )
            .order_by(Post.created_at.desc())
        )

    def get_published(self, slug: str) -> Post | None:
        return self.session.scalars(
            self.published_query().where(Post.slug == slug)
        ).first()
