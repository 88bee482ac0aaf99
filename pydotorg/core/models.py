"""Base classes and mixins every domain model is built from (the seed's names)."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

import pydotorg.core.changes  # noqa: F401  (the content-change seam's session hooks)
from pydotorg.core.types import UTCDateTime, UUIDType, utcnow
from pydotorg.extensions import db

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User

_DISPLAY_ATTRIBUTES = ("name", "title", "display_name", "username", "path", "slug")


def slugify(value: str) -> str:
    """Django's slugify: ``Python 3.14.0rc2`` becomes ``python-3140rc2``."""
    value = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


class Base(db.Model):  # type: ignore[name-defined,misc]
    """Abstract model with a UUID primary key.

    Its rows' changes are announced (:mod:`pydotorg.core.changes`) unless
    ``track_changes`` is False; ``publication`` names the column and value that make
    a row public when that is not ``is_published = True``.
    """

    __abstract__ = True
    track_changes: ClassVar[bool] = True
    publication: ClassVar[tuple[str, Any] | None] = None

    id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, primary_key=True, default=uuid.uuid4
    )

    def __str__(self) -> str:
        for attribute in _DISPLAY_ATTRIBUTES:
            value = getattr(self, attribute, None)
            if value:
                return str(value)
        return f"{type(self).__name__} {self.id}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self}>"


class AuditBase(Base):
    """Base with ``created_at`` and ``updated_at`` set automatically."""

    __abstract__ = True

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )


class SlugMixin:
    """A unique URL slug; made from ``slug_source`` when left empty."""

    slug_source: ClassVar[str | None] = None
    # Slugs that would shadow one of the site's own paths; a name that makes one
    # gets ``-2`` (as if it were taken).
    reserved_slugs: ClassVar[frozenset[str]] = frozenset()

    slug: Mapped[str] = mapped_column(sa.String(200), unique=True, index=True)


class NameSlugMixin(SlugMixin):
    """A name, and a unique slug made from it when empty."""

    slug_source: ClassVar[str | None] = "name"

    name: Mapped[str] = mapped_column(sa.String(200))


class ContentManageableMixin:
    """Who created and last changed a row, and when (python.org's ContentManageable)."""

    created: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )

    @declared_attr
    def creator_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(
            UUIDType, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        )

    @declared_attr
    def last_modified_by_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(
            UUIDType, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True
        )

    @declared_attr
    def creator(cls) -> Mapped[User | None]:
        return relationship("User", foreign_keys=[cls.creator_id])  # type: ignore[list-item]

    @declared_attr
    def last_modified_by(cls) -> Mapped[User | None]:
        return relationship("User", foreign_keys=[cls.last_modified_by_id])  # type: ignore[list-item]


def unique_slug(session: Session, model: type, base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free in the table and session."""
    base = base[:190] or "item"
    pattern = sa.or_(model.slug == base, model.slug.like(f"{base}-%"))  # type: ignore[attr-defined]
    with session.no_autoflush:
        existing = set(session.scalars(sa.select(model.slug).where(pattern)))  # type: ignore[attr-defined]
    existing |= taken
    candidate, n = base, 1
    while candidate in existing:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@event.listens_for(Session, "before_flush")
def _fill_empty_slugs(session: Session, flush_context: Any, instances: Any) -> None:
    taken: dict[type, set[str]] = {}
    for obj in list(session.new) + list(session.dirty):
        source = getattr(type(obj), "slug_source", None)
        if not isinstance(obj, SlugMixin) or not source or obj.slug:
            continue
        model = type(obj)
        seen = taken.setdefault(model, set())
        obj.slug = unique_slug(
            session,
            model,
            slugify(getattr(obj, source) or ""),
            seen | model.reserved_slugs,
        )
        seen.add(obj.slug)


class ApiIdMixin:
    """A stable integer id for the public APIs, beside the UUID primary key.

    python.org's clients parse ids out of ``resource_uri`` as integers, so the rows
    the APIs expose carry one: ``max + 1`` when left empty (see
    :func:`_assign_api_ids`); imports set python.org's own ids explicitly.
    """

    api_id: Mapped[int] = mapped_column(sa.Integer, unique=True)


@event.listens_for(Session, "before_flush")
def _assign_api_ids(session: Session, flush_context: Any, instances: Any) -> None:
    pending: dict[type, list[ApiIdMixin]] = {}
    for obj in session.new:
        if isinstance(obj, ApiIdMixin) and obj.api_id is None:
            pending.setdefault(type(obj), []).append(obj)
    for model, objects in pending.items():
        with session.no_autoflush:
            highest = session.scalar(sa.select(sa.func.max(model.api_id))) or 0  # type: ignore[attr-defined]
        # Ids set explicitly on other new rows of this flush count too.
        for other in session.new:
            if type(other) is model and other.api_id is not None:
                highest = max(highest, other.api_id)
        for offset, obj in enumerate(objects, start=1):
            obj.api_id = highest + offset


T = TypeVar("T")


def is_api_id_conflict(error: IntegrityError) -> bool:
    return "api_id" in str(error.orig).lower()


def commit_with_api_id_retry(
    session: Session, work: Callable[[], T], attempts: int = 3
) -> T:
    """Run ``work`` and commit; rerun it when a concurrent writer took the same api_id.

    ``work`` must redo everything from its inputs (it runs in a fresh transaction
    after a rollback). Other integrity errors are raised unchanged.
    """
    attempt = 1
    while True:
        try:
            result = work()
            session.commit()
            return result
        except IntegrityError as error:
            session.rollback()
            if attempt >= attempts or not is_api_id_conflict(error):
                raise
            attempt += 1
