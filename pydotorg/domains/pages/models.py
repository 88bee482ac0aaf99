"""Models for CMS pages and the images and documents attached to them."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import ContentType
from pydotorg.core.models import ApiIdMixin, AuditBase, ContentManageableMixin
from pydotorg.core.types import UUIDType, enum_type

__all__ = ["ContentType", "DocumentFile", "Image", "Page"]


class Page(ApiIdMixin, AuditBase, ContentManageableMixin):
    __tablename__ = "pages"

    title: Mapped[str] = mapped_column(sa.String(500))
    keywords: Mapped[str] = mapped_column(sa.String(1000), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    path: Mapped[str] = mapped_column(sa.String(500), unique=True, index=True)
    content: Mapped[str] = mapped_column(sa.Text, default="")
    content_type: Mapped[ContentType] = mapped_column(
        enum_type(ContentType), default=ContentType.RESTRUCTUREDTEXT
    )
    is_published: Mapped[bool] = mapped_column(default=True, index=True)
    template_name: Mapped[str] = mapped_column(sa.String(100), default="")

    images: Mapped[list[Image]] = relationship(
        back_populates="page", cascade="all, delete-orphan"
    )
    documents: Mapped[list[DocumentFile]] = relationship(
        back_populates="page", cascade="all, delete-orphan"
    )

    def __str__(self) -> str:
        return f"{self.title} (/{self.path}/)"


class Image(AuditBase):
    __tablename__ = "page_images"

    page_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    image: Mapped[str] = mapped_column(sa.String(400))

    page: Mapped[Page] = relationship(back_populates="images")

    def __str__(self) -> str:
        return self.image


class DocumentFile(AuditBase):
    __tablename__ = "page_documents"

    page_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    document: Mapped[str] = mapped_column(sa.String(400))

    page: Mapped[Page] = relationship(back_populates="documents")

    def __str__(self) -> str:
        return self.document
