"""Models for success stories and their categories."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import MarkupType, store_rendered
from pydotorg.core.models import AuditBase, NameSlugMixin, SlugMixin
from pydotorg.core.types import BlankText, Flag, IndexedFlag, UUIDType
from pydotorg.core.urls import url_info

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User


class StoryCategory(AuditBase, NameSlugMixin):
    __tablename__ = "story_categories"

    stories: Mapped[list[Story]] = relationship(back_populates="category")


class Story(AuditBase, SlugMixin):
    __tablename__ = "success_stories"

    slug_source = "name"

    name: Mapped[str] = mapped_column(sa.String(200))
    company_name: Mapped[str] = mapped_column(sa.String(500))
    company_url: Mapped[str | None] = mapped_column(sa.String(1000), info=url_info())
    category_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("story_categories.id", ondelete="RESTRICT"), index=True
    )
    author: Mapped[str] = mapped_column(sa.String(500), default="")
    author_email: Mapped[str] = mapped_column(sa.String(254), default="")
    pull_quote: Mapped[BlankText]
    content: Mapped[BlankText]
    content_type: Mapped[MarkupType]
    content_rendered: Mapped[BlankText]  # sanitised HTML of ``content``, on save
    is_published: Mapped[IndexedFlag]
    featured: Mapped[Flag]
    # A file under MEDIA_ROOT or an absolute URL.
    image: Mapped[str | None] = mapped_column(sa.String(500))
    creator_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )

    category: Mapped[StoryCategory] = relationship(back_populates="stories")
    creator: Mapped[User] = relationship()


store_rendered(Story, "content", "content_rendered", "content_type")
