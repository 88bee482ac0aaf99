"""Models for sponsors: organisations, sponsorship levels, sponsorships, contracts."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pydotorg.core.models import AuditBase, ContentManageableMixin, NameSlugMixin
from pydotorg.core.types import BlankText, Counter, Flag, UUIDType, enum_type
from pydotorg.core.urls import url_info

if TYPE_CHECKING:
    from pydotorg.domains.users.models import User


class SponsorshipStatus(enum.Enum):
    APPLIED = "applied"
    REJECTED = "rejected"
    APPROVED = "approved"
    FINALIZED = "finalized"


class ContractStatus(enum.Enum):
    DRAFT = "draft"
    OUTDATED = "outdated"
    AWAITING_SIGNATURE = "awaiting_signature"
    EXECUTED = "executed"
    NULLIFIED = "nullified"


def today() -> date:
    return datetime.now(UTC).date()


class Sponsor(AuditBase, ContentManageableMixin, NameSlugMixin):
    """A sponsoring organisation (python.org's Sponsor)."""

    __tablename__ = "sponsors"

    description: Mapped[BlankText]
    landing_page_url: Mapped[str] = mapped_column(
        sa.String(500), default="", info=url_info()
    )
    twitter_handle: Mapped[str] = mapped_column(sa.String(32), default="")
    linked_in_page_url: Mapped[str] = mapped_column(
        sa.String(500), default="", info=url_info()
    )

    # Paths under MEDIA_ROOT (or absolute URLs) of the logo files.
    web_logo: Mapped[str] = mapped_column(sa.String(500))
    white_logo: Mapped[str] = mapped_column(sa.String(500), default="")
    print_logo: Mapped[str] = mapped_column(sa.String(500), default="")

    primary_phone: Mapped[str] = mapped_column(sa.String(32), default="")
    mailing_address_line_1: Mapped[str] = mapped_column(sa.String(128), default="")
    mailing_address_line_2: Mapped[str] = mapped_column(sa.String(128), default="")
    city: Mapped[str] = mapped_column(sa.String(64), default="")
    state: Mapped[str] = mapped_column(sa.String(64), default="")
    postal_code: Mapped[str] = mapped_column(sa.String(64), default="")
    country: Mapped[str] = mapped_column(sa.String(64), default="")
    country_of_incorporation: Mapped[str] = mapped_column(sa.String(64), default="")
    state_of_incorporation: Mapped[str] = mapped_column(sa.String(64), default="")

    sponsorships: Mapped[list[Sponsorship]] = relationship(
        back_populates="sponsor", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def incorporation_location(self) -> str:
        """The place of incorporation as written in contracts: state, country."""
        parts = [self.state_of_incorporation, self.country_of_incorporation]
        return ", ".join(part for part in parts if part)

    @property
    def mailing_address(self) -> str:
        lines = [
            self.mailing_address_line_1,
            self.mailing_address_line_2,
            " ".join(p for p in (self.city, self.state, self.postal_code) if p),
            self.country,
        ]
        return "\n".join(line for line in lines if line)


class SponsorshipLevel(AuditBase, NameSlugMixin):
    """A sponsorship tier (python.org's SponsorshipPackage)."""

    __tablename__ = "sponsorship_levels"

    order: Mapped[Counter]
    sponsorship_amount: Mapped[Counter]
    advertise: Mapped[Flag]
    logo_dimension: Mapped[int] = mapped_column(default=175)
    year: Mapped[int | None] = mapped_column()
    allow_a_la_carte: Mapped[Flag]

    sponsorships: Mapped[list[Sponsorship]] = relationship(back_populates="level")

    def __str__(self) -> str:
        return f"{self.name} ({self.year})" if self.year else self.name


class Sponsorship(AuditBase, ContentManageableMixin):
    """One sponsor's sponsorship agreement for a level and a period."""

    __tablename__ = "sponsorships"

    sponsor_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("sponsors.id", ondelete="CASCADE"), index=True
    )
    # A level with sponsorships can't be deleted: it describes what was bought.
    level_id: Mapped[uuid.UUID] = mapped_column(
        UUIDType, sa.ForeignKey("sponsorship_levels.id", ondelete="RESTRICT")
    )
    submitted_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    status: Mapped[SponsorshipStatus] = mapped_column(
        enum_type(SponsorshipStatus), default=SponsorshipStatus.APPLIED, index=True
    )
    locked: Mapped[Flag]

    start_date: Mapped[date | None] = mapped_column(sa.Date)
    end_date: Mapped[date | None] = mapped_column(sa.Date)
    applied_on: Mapped[date | None] = mapped_column(sa.Date)
    approved_on: Mapped[date | None] = mapped_column(sa.Date)
    rejected_on: Mapped[date | None] = mapped_column(sa.Date)
    finalized_on: Mapped[date | None] = mapped_column(sa.Date)

    year: Mapped[int | None] = mapped_column()
    sponsorship_fee: Mapped[Decimal] = mapped_column(
        sa.Numeric(12, 2), default=Decimal("0")
    )
    for_modified_package: Mapped[Flag]
    renewal: Mapped[Flag]

    sponsor: Mapped[Sponsor] = relationship(back_populates="sponsorships")
    level: Mapped[SponsorshipLevel] = relationship(back_populates="sponsorships")
    # One-way: users is a base domain and knows nothing of sponsors.
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    # No delete-orphan: a replaced contract is kept, detached, as OUTDATED.
    contract: Mapped[Contract | None] = relationship(
        back_populates="sponsorship",
        uselist=False,
        cascade="all",
        passive_deletes=True,
    )

    @property
    def is_active(self) -> bool:
        """Finalized and not yet over (python.org's ``is_active``)."""
        return (
            self.status is SponsorshipStatus.FINALIZED
            and self.end_date is not None
            and self.end_date > today()
        )

    @property
    def open_for_editing(self) -> bool:
        return not self.locked

    def __str__(self) -> str:
        sponsor = self.sponsor.name if self.sponsor else "?"
        level = self.level.name if self.level else "?"
        year = f" {self.year}" if self.year else ""
        return f"{sponsor} - {level}{year}"


class Contract(AuditBase):
    """The contract of a sponsorship, with snapshots of what it agreed to.

    ``sponsorship_id`` is unique: a sponsorship has one current contract. When a
    new revision replaces a sent contract, the old one is detached from the
    sponsorship, marked OUTDATED and points at its replacement.
    """

    __tablename__ = "sponsor_contracts"

    sponsorship_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType,
        sa.ForeignKey("sponsorships.id", ondelete="CASCADE"),
        unique=True,
    )
    superseded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDType, sa.ForeignKey("sponsor_contracts.id", ondelete="SET NULL")
    )
    status: Mapped[ContractStatus] = mapped_column(
        enum_type(ContractStatus), default=ContractStatus.DRAFT, index=True
    )
    revision: Mapped[Counter]

    # Snapshots taken when the draft is made (markdown).
    sponsor_info: Mapped[BlankText]
    sponsor_contact: Mapped[BlankText]
    benefits_list: Mapped[BlankText]
    legal_clauses: Mapped[BlankText]

    # Paths under MEDIA_ROOT of the generated and the signed documents.
    document: Mapped[str] = mapped_column(sa.String(500), default="")
    document_docx: Mapped[str] = mapped_column(sa.String(500), default="")
    signed_document: Mapped[str] = mapped_column(sa.String(500), default="")

    sent_on: Mapped[date | None] = mapped_column(sa.Date)
    executed_on: Mapped[date | None] = mapped_column(sa.Date)
    nullified_on: Mapped[date | None] = mapped_column(sa.Date)

    sponsorship: Mapped[Sponsorship | None] = relationship(back_populates="contract")
    superseded_by: Mapped[Contract | None] = relationship(remote_side="Contract.id")

    def __str__(self) -> str:
        owner = str(self.sponsorship) if self.sponsorship else "outdated"
        return f"Contract r{self.revision}: {owner}"


class LegalClause(AuditBase):
    """A legal clause added as a footnote to every contract."""

    __tablename__ = "sponsor_legal_clauses"

    internal_name: Mapped[str] = mapped_column(sa.String(1024), unique=True)
    clause: Mapped[str] = mapped_column(sa.Text)
    notes: Mapped[BlankText]
    order: Mapped[Counter]

    def __str__(self) -> str:
        return self.internal_name
