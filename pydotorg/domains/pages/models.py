"""Models for CMS pages, their images and documents, redirects and page history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import ContentType, store_rendered
from pydotorg.core.models import AuditBase, Base, ContentManageableMixin
from pydotorg.core.types import UTCDateTime, UUIDType, enum_type, utcnow

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User

__all__ = [
    "REVISION_FIELDS",
    "ContentType",
    "DocumentFile",
    "Image",
    "Page",
    "PageRevision",
    "Redirect",
]

# What a page revision records (everything an editor can change in the form).
REVISION_FIELDS = (
    "title",
    "path",
    "keywords",
    "description",
    "content_type",
    "content",
    "is_published",
    "template_name",
)


class Page(AuditBase, ContentManageableMixin):
    __tablename__ = "pages"

    title: Mapped[str] = mapped_column(sa.String(500))
    keywords: Mapped[str] = mapped_column(sa.String(1000), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    path: Mapped[str] = mapped_column(sa.String(500), unique=True, index=True)
    content: Mapped[str] = mapped_column(sa.Text, default="")
    content_type: Mapped[ContentType] = mapped_column(
        enum_type(ContentType), default=ContentType.RESTRUCTUREDTEXT
    )
    # Sanitised HTML of ``content``, written on save (python.org's _content_rendered).
    content_rendered: Mapped[str] = mapped_column(sa.Text, default="")
    is_published: Mapped[bool] = mapped_column(default=True, index=True)
    template_name: Mapped[str] = mapped_column(sa.String(100), default="")

    images: Mapped[list[Image]] = relationship(
        back_populates="page", cascade="all, delete-orphan", order_by="Image.image"
    )
    documents: Mapped[list[DocumentFile]] = relationship(
        back_populates="page",
        cascade="all, delete-orphan",
        order_by="DocumentFile.document",
    )
    revisions: Mapped[list[PageRevision]] = relationship(
        back_populates="page",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="PageRevision.revision.desc()",
    )

    def __str__(self) -> str:
        return f"{self.title} (/{self.path}/)"

    @property
    def url(self) -> str:
        return f"/{self.path}/"


store_rendered(Page, "content", "content_rendered", "content_type")


class Image(AuditBase):
    __tablename__ = "page_images"

    page_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    # Path of the file below MEDIA_ROOT, e.g. ``pages/about/logo.png``.
    image: Mapped[str] = mapped_column(sa.String(400))

    page: Mapped[Page] = relationship(back_populates="images")

    def __str__(self) -> str:
        return self.image

    @property
    def url(self) -> str:
        return f"/media/{self.image}"


class DocumentFile(AuditBase):
    __tablename__ = "page_documents"

    page_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    # Path of the file below MEDIA_ROOT, e.g. ``files/annual-report.pdf``.
    document: Mapped[str] = mapped_column(sa.String(400))

    page: Mapped[Page] = relationship(back_populates="documents")

    def __str__(self) -> str:
        return self.document

    @property
    def url(self) -> str:
        return f"/media/{self.document}"


class Redirect(AuditBase):
    """An old path that answers 301 to a new one; checked before pages."""

    __tablename__ = "redirects"

    # Stored like page paths: no leading or trailing slash (``about/old``).
    old_path: Mapped[str] = mapped_column(sa.String(500), unique=True, index=True)
    # A site path (``/about/``) or an absolute http(s) URL.
    new_path: Mapped[str] = mapped_column(sa.String(1000))

    def __str__(self) -> str:
        return f"/{self.old_path}/ → {self.new_path}"


class PageRevision(Base):
    """One saved version of a page: who saved it, when, and every editable field."""

    __tablename__ = "page_revisions"
    __table_args__ = (sa.UniqueConstraint("page_id", "revision"),)

    page_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(sa.Integer)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, index=True
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    comment: Mapped[str] = mapped_column(sa.String(500), default="")

    title: Mapped[str] = mapped_column(sa.String(500))
    path: Mapped[str] = mapped_column(sa.String(500))
    keywords: Mapped[str] = mapped_column(sa.String(1000), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    content_type: Mapped[ContentType] = mapped_column(enum_type(ContentType))
    content: Mapped[str] = mapped_column(sa.Text, default="")
    is_published: Mapped[bool] = mapped_column(default=True)
    template_name: Mapped[str] = mapped_column(sa.String(100), default="")

    page: Mapped[Page] = relationship(back_populates="revisions")
    created_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"{self.title} (version {self.revision})"
