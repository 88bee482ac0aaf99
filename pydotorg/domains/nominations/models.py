"""Models for PSF elections, their nominees and the nominations they receive."""

from __future__ import annotations

import enum
import uuid
from datetime import date
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.markup import ContentType, store_rendered
from pydotorg.core.models import AuditBase, SlugMixin
from pydotorg.core.response_cache import valid_until_next_day
from pydotorg.core.types import BlankText, Flag, IndexedFlag, UUIDType, utcnow

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User


class ElectionStatus(enum.Enum):
    UPCOMING = "upcoming"
    NOMINATIONS_OPEN = "nominations_open"
    VOTING_OPEN = "voting_open"
    CLOSED = "closed"


def today() -> date:
    """Today in UTC; a cached response that asked is kept until midnight at most."""
    day = utcnow().date()
    valid_until_next_day(day)
    return day


class Election(AuditBase, SlugMixin):
    __tablename__ = "elections"

    slug_source = "name"

    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str | None] = mapped_column(sa.Text)  # markdown
    description_rendered: Mapped[BlankText]  # sanitised HTML, on save
    nominations_open: Mapped[date] = mapped_column(sa.Date, index=True)
    nominations_close: Mapped[date] = mapped_column(sa.Date, index=True)
    voting_open: Mapped[date] = mapped_column(sa.Date, index=True)
    voting_close: Mapped[date] = mapped_column(sa.Date, index=True)

    nominees: Mapped[list[Nominee]] = relationship(
        back_populates="election", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def status(self) -> ElectionStatus:
        return self.status_on(today())

    def status_on(self, day: date) -> ElectionStatus:
        """The phase on ``day`` (all bounds inclusive).

        Between the close of nominations and the start of voting the election
        counts as UPCOMING again: nothing can be done until voting opens.
        """
        if self.nominations_open <= day <= self.nominations_close:
            return ElectionStatus.NOMINATIONS_OPEN
        if self.voting_open <= day <= self.voting_close:
            return ElectionStatus.VOTING_OPEN
        if day > self.voting_close:
            return ElectionStatus.CLOSED
        return ElectionStatus.UPCOMING

    @property
    def nominations_are_open(self) -> bool:
        return self.status is ElectionStatus.NOMINATIONS_OPEN


store_rendered(Election, "description", "description_rendered", ContentType.MARKDOWN)


class Nominee(AuditBase):
    __tablename__ = "nominees"
    __table_args__ = (sa.UniqueConstraint("election_id", "user_id"),)

    election_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("elections.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    # The nominee agreed to stand; ``approved`` is the staff's check (python.org).
    accepted: Mapped[IndexedFlag]
    approved: Mapped[Flag]

    election: Mapped[Election] = relationship(back_populates="nominees")
    user: Mapped[User] = relationship()
    nominations: Mapped[list[Nomination]] = relationship(
        back_populates="nominee", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def name(self) -> str:
        return self.user.full_name if self.user else ""

    def __str__(self) -> str:
        election = self.election.name if self.election else "?"
        return f"{self.name} ({election})"


class Nomination(AuditBase):
    __tablename__ = "nominations"
    # One nomination per nominator and nominee.
    __table_args__ = (sa.UniqueConstraint("nominee_id", "nominator_id"),)

    nominee_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("nominees.id", ondelete="CASCADE"), index=True
    )
    nominator_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(1024))
    email: Mapped[str] = mapped_column(sa.String(1024))
    previous_board_service: Mapped[str] = mapped_column(sa.String(1024), default="")
    employer: Mapped[str] = mapped_column(sa.String(1024), default="")
    other_affiliations: Mapped[str] = mapped_column(sa.String(2048), default="")
    nomination_statement: Mapped[str] = mapped_column(sa.Text, default="")  # markdown
    nomination_statement_rendered: Mapped[BlankText]  # sanitised HTML, on save
    coc_acknowledged: Mapped[Flag]
    accepted: Mapped[Flag]
    approved: Mapped[Flag]

    nominee: Mapped[Nominee] = relationship(back_populates="nominations")
    nominator: Mapped[User | None] = relationship()

    @property
    def is_self_nomination(self) -> bool:
        return self.nominee is not None and self.nominator_id == self.nominee.user_id

    def __str__(self) -> str:
        return f"Nomination of {self.name}"


store_rendered(
    Nomination,
    "nomination_statement",
    "nomination_statement_rendered",
    ContentType.MARKDOWN,
)
