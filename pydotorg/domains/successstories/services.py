"""Success story workflows: publishing, and the public queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload

from pydotorg.core.markup import ContentType
from pydotorg.core.models import slugify
from pydotorg.core.rules import RuleError
from pydotorg.core.switches import switch
from pydotorg.domains.mailing.services import EmailService, absolute_url
from pydotorg.domains.successstories.models import Story, StoryCategory

# Where submitted stories are announced (python.org: psf-staff@python.org);
# ``STORIES_EMAIL`` overrides it.
DEFAULT_STORIES_EMAIL = "psf-staff@python.org"
# Paths under /success-stories/ that a story's slug must never shadow.
RESERVED_SLUGS = frozenset({"create", "category"})


class StoryError(RuleError):
    """A submission broke a rule; ``field`` names the form field, if any."""


def stories_email() -> str:
    return str(current_app.config.get("STORIES_EMAIL") or DEFAULT_STORIES_EMAIL)


@dataclass
class StoryService:
    session: Session

    def submit(self, *, by: Any, category: StoryCategory, **fields: Any) -> Story:
        """A visitor's story, stored unpublished for staff to review; staff are mailed."""
        name = fields["name"].strip()
        slug = slugify(name)
        if not slug:
            raise StoryError("The title needs letters or digits.", "name")
        if slug in RESERVED_SLUGS:
            raise StoryError("Please choose a longer title.", "name")
        clash = self.session.scalar(
            sa.select(Story.id).where(
                sa.or_(sa.func.lower(Story.name) == name.lower(), Story.slug == slug)
            )
        )
        if clash is not None:
            raise StoryError("A story with this title already exists.", "name")
        story = Story(
            **{**fields, "name": name},
            slug=slug,
            category=category,
            content_type=ContentType.MARKDOWN,
            is_published=False,
            featured=False,
            creator=by,
        )
        self.session.add(story)
        self.session.flush()
        EmailService(self.session).send(
            "story_submitted",
            stories_email(),
            {
                "story": story,
                # Only the first line: a subject cannot carry a line break.
                "title": name.splitlines()[0][:200],
                "review_url": absolute_url(
                    "success_stories_admin.edit_view", id=str(story.id)
                ),
            },
            reply_to=story.author_email or None,
        )
        return story

    publish = switch("is_published", True, staff_only=False)
    unpublish = switch("is_published", False, staff_only=False)

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

    def get_visible(self, slug: str, *, viewer: Any = None) -> Story | None:
        """A story by slug: published ones for everyone, drafts for staff."""
        return self.session.scalars(
            sa.select(Story)
            .where(Story.slug == slug, Story.visible_to(viewer))
            .options(joinedload(Story.category))
        ).first()

    def featured(self) -> Story | None:
        return self.session.scalars(
            self.published_query().where(Story.featured.is_(True)).limit(1)
        ).first()

    def category_by_slug(self, slug: str) -> StoryCategory | None:
        return StoryCategory.by_slug(self.session, slug)

    def categories(self) -> list[StoryCategory]:
        return list(
            self.session.scalars(sa.select(StoryCategory).order_by(StoryCategory.name))
        )
