"""Base classes and mixins every domain model is built from (the seed's names)."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, relationship

import pydotorg.core.changes  # noqa: F401  (the content-change seam's session hooks)
from pydotorg.core.permissions import is_staff
from pydotorg.core.types import UTCDateTime, UUIDType, utcnow
from pydotorg.extensions import db

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User

T = TypeVar("T")

_DISPLAY_ATTRIBUTES = ("name", "title", "display_name", "username", "path", "slug")


def slugify(value: str) -> str:
    """Django's slugify: ``Python 3.14.0rc2`` becomes ``python-3140rc2``."""
    value = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    value = re.sub(r"[^\w\s-]", "", value.lower())
    return re.sub(r"[-\s]+", "-", value).strip("-_")


def association_table(name: str, **columns: str) -> sa.Table:
    """A many-to-many table: each ``column="table"`` is a cascading foreign key to
    ``table.id``, and together they are the primary key::

        job_job_types = association_table("job_job_types", job_id="jobs", job_type_id="job_types")
    """
    return sa.Table(
        name,
        db.metadata,
        *(
            sa.Column(
                column,
                UUIDType,
                sa.ForeignKey(f"{table}.id", ondelete="CASCADE"),
                primary_key=True,
            )
            for column, table in columns.items()
        ),
    )


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

    @classmethod
    def _publication(cls) -> tuple[str, Any]:
        return cls.publication or ("is_published", True)

    @hybrid_method
    def visible_to(self, viewer: Any) -> bool:
        """The one "published, or may see drafts" rule: staff see every row, the
        rest only public ones. On the class it is the same rule as a condition:
        ``select(Release).where(Release.visible_to(viewer))``."""
        column, public = self._publication()
        return is_staff(viewer) or getattr(self, column) == public

    @visible_to.inplace.expression
    @classmethod
    def _visible_to_condition(cls, viewer: Any) -> sa.ColumnElement[bool]:
        if is_staff(viewer):
            return sa.true()
        column, public = cls._publication()
        attribute = getattr(cls, column)
        return (
            attribute.is_(public) if isinstance(public, bool) else attribute == public
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

    @classmethod
    def by_slug(cls, session: Session, slug: str) -> Self | None:
        """The row whose slug is ``slug``, or None."""
        return session.scalar(sa.select(cls).where(cls.slug == slug))


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


def get_or_create(
    session: Session, model: type[T], key: str, values: dict[str, Any]
) -> T:
    """The row of ``model`` whose ``key`` column equals ``values[key]``, or, when
    there is none, a new one made from ``values`` (added and flushed): how seed data
    is upserted by its natural key."""
    row = session.scalar(sa.select(model).where(getattr(model, key) == values[key]))
    if row is None:
        row = model(**values)
        session.add(row)
        session.flush()
    return row


def add_with_unique_slug(
    session: Session,
    obj: Any,
    make_slug: Callable[[], str] | None = None,
    *,
    attempts: int = 100,
) -> None:
    """Add ``obj`` (a new row with a generated slug) and flush it in a SAVEPOINT.

    Two writers can pick the same free slug at once; the second one's flush then
    fails on the unique index. Its SAVEPOINT is rolled back (nothing else of the
    transaction is lost) and the next free slug is tried, now seeing the winner's.
    ``make_slug`` gives the slug when it isn't the model's default.
    """
    for attempt in range(1, attempts + 1):
        obj.slug = make_slug() if make_slug else None
        try:
            with session.begin_nested():
                session.add(obj)
                session.flush()
            return
        except IntegrityError as error:
            if attempt == attempts or "slug" not in str(error.orig).lower():
                raise


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
    the APIs expose carry one, taken from the table's counter when left empty (see
    :func:`_assign_api_ids`); imports set python.org's own ids explicitly. Ids only
    grow: a deleted row's id is never handed out again, so a cached ``resource_uri``
    never points at another object.
    """

    api_id: Mapped[int] = mapped_column(sa.Integer, unique=True)


class ApiIdCounter(db.Model):  # type: ignore[name-defined,misc]
    """The highest ``api_id`` ever given out per table (a portable sequence).

    The counter row is updated in the writer's own transaction: PostgreSQL's row
    lock and SQLite's single writer make concurrent allocations wait for each
    other instead of handing out the same id; a rolled-back allocation is never
    seen by anyone, so ids stay dense.
    """

    __tablename__ = "api_id_counters"
    track_changes: ClassVar[bool] = False  # bookkeeping, not content

    table_name: Mapped[str] = mapped_column(sa.String(63), primary_key=True)
    last_value: Mapped[int] = mapped_column(sa.Integer, default=0)

    def __str__(self) -> str:
        return f"{self.table_name}: {self.last_value}"


def _raise_counter(session: Session, table: str, *, by: int = 0, to: int = 0) -> int:
    """Add ``by`` to ``table``'s counter, or raise it to at least ``to``; the new value."""
    counters = ApiIdCounter.__table__
    last = counters.c.last_value
    statement = (
        _insert_for(session)(counters)
        .values(table_name=table, last_value=max(by, to))
        .on_conflict_do_update(
            index_elements=[counters.c.table_name],
            set_={
                "last_value": last + by if by else sa.case((last < to, to), else_=last)
            },
        )
        .returning(last)
    )
    with session.no_autoflush:
        return int(session.execute(statement).scalar_one())


def _insert_for(session: Session) -> Any:
    """The dialect's INSERT (both have ``ON CONFLICT ... DO UPDATE ... RETURNING``)."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def allocate_api_ids(session: Session, model: type, count: int = 1) -> range:
    """``count`` fresh ids for ``model``, above every id the table ever held."""
    table = model.__tablename__  # type: ignore[attr-defined]
    last = _raise_counter(session, table, by=count)
    return range(last - count + 1, last + 1)


@event.listens_for(Session, "before_flush")
def _assign_api_ids(session: Session, flush_context: Any, instances: Any) -> None:
    pending: dict[type, list[ApiIdMixin]] = {}
    explicit: dict[type, int] = {}
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, ApiIdMixin):
            continue
        model = type(obj)
        if obj.api_id is None:
            if obj in session.new:
                pending.setdefault(model, []).append(obj)
        elif obj in session.new or sa.inspect(obj).attrs.api_id.history.added:
            explicit[model] = max(explicit.get(model, 0), obj.api_id)
    # Counters are taken in one order by every writer, so two transactions never
    # wait for each other's counters.
    for model in sorted({*explicit, *pending}, key=lambda m: m.__tablename__):  # type: ignore[attr-defined]
        if model in explicit:
            _raise_counter(session, model.__tablename__, to=explicit[model])  # type: ignore[attr-defined]
        if model in pending:
            ids = allocate_api_ids(session, model, len(pending[model]))
            for obj, api_id in zip(pending[model], ids, strict=True):
                obj.api_id = api_id


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
