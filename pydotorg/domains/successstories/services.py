"""Success story workflows: publishing, and the public queries."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from pydotorg.domains.successstories.models import Story, StoryCategory


@dataclass
class StoryService:
    session: Session

    def publish(self, story: Story) -> Story:
        story.is_published = True
        self.session.flush()
        return story

    def unpublish(self, story: Story) -> Story:
        story.is_published = False
        self.session.flush()
        return story

    def published_query(
        self, category: StoryCategory | None = None
    ) -> sa.Select[tuple[Story]]:
        """Published stories, newest first, with their category loaded."""
        query = (
            sa.select(Story)
            .where(Story.is_published.is_(True))
            .options(joinedload(Story.category))
            .order_by(Story.created_at.desc())
        )
        if category is not None:
            query = query.where(Story.category_id == category.id)
        return query

    def get_visible(self, slug: str, *, staff: bool = False) -> Story | None:
        """A story by slug: published ones for everyone, drafts for staff."""
        query = (
            sa.select(Story)
            .where(Story.slug == slug)
            .options(joinedload(Story.category))
        )
        if not staff:
            query = query.where(Story.is_published.is_(True))
        return self.session.scalars(query).first()

    def featured(self) -> Story | None:
        return self.session.scalars(
            self.published_query().where(Story.featured.is_(True)).limit(1)
        ).first()

    def category_by_slug(self, slug: str) -> StoryCategory | None:
        return self.session.scalars(
            sa.select(StoryCategory).where(StoryCategory.slug == slug)
        ).first()

    def categories(self) -> list[StoryCategory]:
        return list(
            self.session.scalars(sa.select(StoryCategory).order_by(StoryCategory.name))
        )
