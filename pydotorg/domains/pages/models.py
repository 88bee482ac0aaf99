"""Models for CMS pages, their images and documents, redirects and page history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from pydotorg.core.markup import (
    ContentType,
    MarkupType,
    content_type_of,
    store_rendered,
)
from pydotorg.core.models import ApiIdMixin, AuditBase, Base, ContentManageableMixin
from pydotorg.core.types import (
    BlankText,
    Counter,
    UTCDateTime,
    UUIDType,
    utcnow,
)

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User

__all__ = [
    "REVISION_FIELDS",
    "ContentType",
    "DocumentFile",
    "Image",
    "MenuItem",
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


class Page(ApiIdMixin, AuditBase, ContentManageableMixin):
    __tablename__ = "pages"

    title: Mapped[str] = mapped_column(sa.String(500))
    keywords: Mapped[str] = mapped_column(sa.String(1000), default="")
    description: Mapped[BlankText]
    path: Mapped[str] = mapped_column(sa.String(500), unique=True, index=True)
    content: Mapped[BlankText]
    content_type: Mapped[MarkupType]
    # Sanitised HTML of ``content``, written on save (python.org's _content_rendered).
    content_rendered: Mapped[BlankText]
    is_published: Mapped[bool] = mapped_column(default=True, index=True)
    template_name: Mapped[str] = mapped_column(sa.String(100), default="")
    # Slug of the feed aggregate the "feed list" template shows (python.org's
    # ``feed_list``). A slug, not a foreign key: pages import no other domain.
    feed_aggregate: Mapped[str] = mapped_column(
        sa.String(200), default="", server_default=""
    )

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

    # Not a column: a note for the revision the next flush records (e.g. a restore).
    revision_comment = ""

    def __str__(self) -> str:
        return f"{self.title} (/{self.path}/)"

    @property
    def url(self) -> str:
        return f"/{self.path}/"


store_rendered(Page, "content", "content_rendered", "content_type")


class PageFileMixin:
    """A file uploaded for a page: its page, and the column ``file_column`` names,
    which holds the file's path below MEDIA_ROOT (served under ``/media/``)."""

    file_column: ClassVar[str]

    page_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("pages.id", ondelete="CASCADE"), index=True
    )

    @property
    def path(self) -> str:
        return getattr(self, self.file_column)

    def __str__(self) -> str:
        return self.path

    @property
    def url(self) -> str:
        return f"/media/{self.path}"


class Image(PageFileMixin, AuditBase):
    __tablename__ = "page_images"
    file_column = "image"

    # Path of the file below MEDIA_ROOT, e.g. ``pages/about/logo.png``.
    image: Mapped[str] = mapped_column(sa.String(400))

    page: Mapped[Page] = relationship(back_populates="images")


class DocumentFile(PageFileMixin, AuditBase):
    __tablename__ = "page_documents"
    file_column = "document"

    # Path of the file below MEDIA_ROOT, e.g. ``files/annual-report.pdf``.
    document: Mapped[str] = mapped_column(sa.String(400))

    page: Mapped[Page] = relationship(back_populates="documents")


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
    # A version is written with each page save, whose own change-log entry already
    # holds the same fields: logging the version too would list every save twice.
    track_changes: ClassVar[bool] = False

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
    description: Mapped[BlankText]
    content_type: Mapped[MarkupType] = mapped_column(default=None)  # the page's, copied
    content: Mapped[BlankText]
    is_published: Mapped[bool] = mapped_column(default=True)
    template_name: Mapped[str] = mapped_column(sa.String(100), default="")

    page: Mapped[Page] = relationship(back_populates="revisions")
    created_by: Mapped[User | None] = relationship()

    def __str__(self) -> str:
        return f"{self.title} (version {self.revision})"


# History: every save of a page records the saved version ---------------------------


def _snapshot(page: Page, number: int, **values: Any) -> PageRevision:
    fields = {name: getattr(page, name) for name in REVISION_FIELDS}
    fields.update(values)
    return PageRevision(page=page, revision=number, **fields)


def _stored_values(session: Session, page: Page) -> dict[str, Any]:
    """The page's row as it is in the database, before this flush writes it."""
    columns = [Page.__table__.c[name] for name in REVISION_FIELDS]
    columns += [Page.__table__.c.last_modified_by_id, Page.__table__.c.updated]
    row = session.execute(sa.select(*columns).where(Page.__table__.c.id == page.id))
    return dict(row.mappings().one())


def _editor(page: Page) -> User | None:
    return page.last_modified_by or page.creator


@event.listens_for(Session, "before_flush")
def _record_revisions(session: Session, flush_context: Any, instances: Any) -> None:
    for page in [*session.new, *session.dirty]:
        if not isinstance(page, Page) or page in session.deleted:
            continue
        comment, page.revision_comment = page.revision_comment, ""
        if isinstance(page.content_type, str):
            # Forms set the member's name; equal values must not look like a change.
            page.content_type = content_type_of(page.content_type)
        with session.no_autoflush:
            if page in session.new:
                session.add(
                    _snapshot(
                        page, 1, created_by=_editor(page), comment=comment or "Created"
                    )
                )
                continue
            state = sa.inspect(page)
            changed = any(
                state.attrs[name].history.has_changes() for name in REVISION_FIELDS
            )
            if not changed and not comment:
                continue
            last = session.scalar(
                sa.select(sa.func.max(PageRevision.revision)).where(
                    PageRevision.page_id == page.id
                )
            )
            if last is None:
                # A page from before history was kept: record how it was first.
                old = _stored_values(session, page)
                session.add(
                    PageRevision(
                        page=page,
                        revision=1,
                        created_at=old.pop("updated"),
                        created_by_id=old.pop("last_modified_by_id"),
                        comment="Version before history was kept",
                        **old,
                    )
                )
                last = 1
            session.add(
                _snapshot(page, last + 1, created_by=_editor(page), comment=comment)
            )


class MenuItem(AuditBase):
    """One entry of a site menu (python.org's sitetree): nested, ordered, hideable.

    ``url`` is a path on this site (``/about/``) or an absolute URL. The header shows
    the ``main`` menu; CMS pages find their section and breadcrumbs in it.
    """

    __tablename__ = "menu_items"

    menu: Mapped[str] = mapped_column(sa.String(50), default="main", index=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("menu_items.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(100))
    url: Mapped[str] = mapped_column(sa.String(500))
    # Shown as the link's title (python.org's sitetree "hint").
    hint: Mapped[str] = mapped_column(sa.String(255), default="")
    sort_order: Mapped[Counter]
    is_visible: Mapped[bool] = mapped_column(default=True)

    parent: Mapped[MenuItem | None] = relationship(
        remote_side="MenuItem.id", back_populates="children"
    )
    children: Mapped[list[MenuItem]] = relationship(
        back_populates="parent",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MenuItem.sort_order",
    )

    def __str__(self) -> str:
        return self.title
