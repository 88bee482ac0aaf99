"""Models for blog feed aggregation: feeds, their entries, feed groups, related blogs."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import visible_text
from pydotorg.core.models import (
    AuditBase,
    ContentManageableMixin,
    NameSlugMixin,
    association_table,
)
from pydotorg.core.types import BlankText, IndexedFlag, UTCDateTime, UUIDType
from pydotorg.core.urls import url_info

feed_aggregate_feeds = association_table(
    "feed_aggregate_feeds", feed_aggregate_id="feed_aggregates", feed_id="feeds"
)


class Feed(AuditBase):
    """An RSS/Atom feed whose entries are imported by ``flask blogs fetch``."""

    __tablename__ = "feeds"

    name: Mapped[str] = mapped_column(sa.String(200))
    website_url: Mapped[str] = mapped_column(
        sa.String(500), default="", info=url_info()
    )
    feed_url: Mapped[str] = mapped_column(sa.String(500), unique=True, info=url_info())
    last_fetched: Mapped[datetime | None] = mapped_column(UTCDateTime)
    is_active: Mapped[bool] = mapped_column(default=True, index=True)
    priority: Mapped[int] = mapped_column(default=0, index=True)
    # Why the last fetch failed (empty after a good one), shown in the admin.
    last_error: Mapped[BlankText]

    entries: Mapped[list[BlogEntry]] = relationship(
        back_populates="feed",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="BlogEntry.pub_date.desc()",
    )
    aggregates: Mapped[list[FeedAggregate]] = relationship(
        secondary=feed_aggregate_feeds, back_populates="feeds"
    )

    def __str__(self) -> str:
        return self.name


class BlogEntry(AuditBase):
    """One post of a feed; ``guid`` identifies it within its feed across fetches."""

    __tablename__ = "blog_entries"
    __table_args__ = (sa.UniqueConstraint("feed_id", "guid"),)

    feed_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("feeds.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(500))
    summary: Mapped[str | None] = mapped_column(sa.Text)
    content: Mapped[str | None] = mapped_column(sa.Text)
    url: Mapped[str] = mapped_column(sa.String(1000), info=url_info())
    pub_date: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    guid: Mapped[str] = mapped_column(sa.String(1000))
    is_featured: Mapped[IndexedFlag]

    feed: Mapped[Feed] = relationship(back_populates="entries")

    @property
    def excerpt(self) -> str:
        """The summary's visible text only (templates auto-escape it)."""
        return visible_text(self.summary or self.content or "")

    def __str__(self) -> str:
        return self.title


class FeedAggregate(AuditBase, NameSlugMixin):
    """A named group of feeds that fills a page block (python.org's FeedAggregate)."""

    __tablename__ = "feed_aggregates"

    description: Mapped[BlankText]

    feeds: Mapped[list[Feed]] = relationship(
        secondary=feed_aggregate_feeds, back_populates="aggregates"
    )


class RelatedBlog(AuditBase, ContentManageableMixin):
    """A blog we link to, with its latest entry refreshed from its feed."""

    __tablename__ = "related_blogs"

    name: Mapped[str] = mapped_column(sa.String(100))
    feed_url: Mapped[str] = mapped_column(sa.String(500), info=url_info())
    blog_url: Mapped[str] = mapped_column(sa.String(500), info=url_info())
    blog_name: Mapped[str] = mapped_column(sa.String(200))
    last_entry_published: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_entry_title: Mapped[str] = mapped_column(sa.String(500), default="")
