"""Models for community posts and the photos, videos and links attached to them."""

from __future__ import annotations

import enum
import uuid
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import ContentType, MarkupType, store_rendered
from pydotorg.core.models import AuditBase, SlugMixin
from pydotorg.core.types import BlankText, IndexedFlag, UUIDType, enum_type
from pydotorg.core.urls import url_info

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User


class MediaType(enum.Enum):
    """What a post mainly shows (python.org's ``media_type``)."""

    TEXT = "text"
    PHOTO = "photo"
    VIDEO = "video"
    LINK = "link"


class Post(AuditBase, SlugMixin):
    __tablename__ = "community_posts"

    slug_source = "title"

    title: Mapped[str] = mapped_column(sa.String(200))
    abstract: Mapped[BlankText]
    content: Mapped[BlankText]
    content_type: Mapped[MarkupType] = mapped_column(default=ContentType.HTML)
    content_rendered: Mapped[BlankText]  # sanitised HTML of ``content``, on save
    media_type: Mapped[MediaType] = mapped_column(
        enum_type(MediaType), default=MediaType.TEXT
    )
    source_url: Mapped[str] = mapped_column(
        sa.String(1000), default="", info=url_info()
    )
    meta: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    creator_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    is_published: Mapped[IndexedFlag]

    creator: Mapped[User] = relationship()
    photos: Mapped[list[Photo]] = relationship(
        back_populates="post", cascade="all, delete-orphan", passive_deletes=True
    )
    videos: Mapped[list[Video]] = relationship(
        back_populates="post", cascade="all, delete-orphan", passive_deletes=True
    )
    links: Mapped[list[Link]] = relationship(
        back_populates="post", cascade="all, delete-orphan", passive_deletes=True
    )


store_rendered(Post, "content", "content_rendered", "content_type")


class Photo(AuditBase):
    __tablename__ = "community_photos"

    post_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("community_posts.id", ondelete="CASCADE"), index=True
    )
    # A file under MEDIA_ROOT, or a picture hosted elsewhere.
    image: Mapped[str] = mapped_column(sa.String(500), default="")
    image_url: Mapped[str] = mapped_column(
        sa.String(1000), default="", info=url_info(relative=True)
    )
    caption: Mapped[BlankText]
    click_through_url: Mapped[str] = mapped_column(
        sa.String(1000), default="", info=url_info(relative=True)
    )

    post: Mapped[Post] = relationship(back_populates="photos")

    def __str__(self) -> str:
        return self.caption or self.image_url or self.image or "Photo"


class Video(AuditBase):
    __tablename__ = "community_videos"

    post_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("community_posts.id", ondelete="CASCADE"), index=True
    )
    # The embed URL of the player (e.g. https://www.youtube.com/embed/...).
    video_embed: Mapped[str] = mapped_column(sa.String(1000), default="")
    video_data: Mapped[str] = mapped_column(sa.String(500), default="")
    caption: Mapped[BlankText]
    click_through_url: Mapped[str] = mapped_column(
        sa.String(1000), default="", info=url_info(relative=True)
    )

    post: Mapped[Post] = relationship(back_populates="videos")

    def __str__(self) -> str:
        return self.caption or self.video_embed or "Video"


class Link(AuditBase):
    __tablename__ = "community_links"

    post_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("community_posts.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(sa.String(1000), info=url_info(relative=True))

    post: Mapped[Post] = relationship(back_populates="links")

    def __str__(self) -> str:
        return self.url
