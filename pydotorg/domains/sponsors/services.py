"""Sponsorship and contract workflows (python.org's state machines).

Sponsorship: APPLIED → APPROVED | REJECTED; APPROVED → FINALIZED only when its
contract is executed. Contract: DRAFT → AWAITING_SIGNATURE | EXECUTED;
AWAITING_SIGNATURE → EXECUTED | NULLIFIED; a new revision replaces a sent or
nullified contract, which becomes OUTDATED. The public application
(``submit_application``) creates or updates the Sponsor and applies for it.
Services flush, never commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload, selectinload
from werkzeug.datastructures import FileStorage

from pydotorg.core.permissions import is_staff
from pydotorg.core.rules import RuleError
from pydotorg.core.uploads import UploadError, check_upload, media_root
from pydotorg.domains.mailing.services import EmailService
from pydotorg.domains.sponsors.models import (
    Contract,
    ContractStatus,
    LegalClause,
    Sponsor,
    Sponsorship,
    SponsorshipLevel,
    SponsorshipStatus,
    today,
)


class SponsorshipError(RuleError):
    """A sponsorship or contract rule was broken; the message says which."""


class ApplicationError(SponsorshipError):
    """A public application was refused; ``field`` names the form field, if any."""


IN_PROGRESS = (SponsorshipStatus.APPLIED, SponsorshipStatus.APPROVED)
LOGO_FOLDER = "sponsors/logos"
# python.org mails the sponsorship team on every workflow step.
PSF_SPONSORS_EMAIL = "psf-sponsors@python.org"


def _psf_address() -> str:
    return current_app.config.get("PSF_SPONSORS_EMAIL", PSF_SPONSORS_EMAIL)


def notify(
    session: Session, template: str, sponsorship: Sponsorship, **context: Any
) -> None:
    """Mail the PSF and the sponsorship's submitter (sent after the caller commits)."""
    EmailService(session).send(
        template,
        notification_recipients(sponsorship),
        {"sponsorship": sponsorship, **context},
    )


def notification_recipients(sponsorship: Sponsorship) -> list[str]:
    """Who hears of each workflow step: the PSF and the submitter."""
    recipients = [_psf_address()]
    if sponsorship.submitted_by is not None:
        recipients.append(sponsorship.submitted_by.email)
    return recipients


def _fee(amount: int | Decimal | None) -> Decimal:
    return Decimal(amount or 0).quantize(Decimal("0.01"))


# The column that records the day a sponsorship or a contract reached a status.
STATUS_DATES: dict[SponsorshipStatus | ContractStatus, str] = {
    SponsorshipStatus.APPROVED: "approved_on",
    SponsorshipStatus.REJECTED: "rejected_on",
    SponsorshipStatus.FINALIZED: "finalized_on",
    ContractStatus.AWAITING_SIGNATURE: "sent_on",
    ContractStatus.EXECUTED: "executed_on",
    ContractStatus.NULLIFIED: "nullified_on",
}


def _require(
    row: Sponsorship | Contract, allowed: tuple[Any, ...], action: str
) -> None:
    """Refuse ``action`` unless ``row`` (a sponsorship or a contract) is in one of
    the ``allowed`` statuses."""
    if row.status not in allowed:
        expected = " or ".join(status.name for status in allowed)
        raise SponsorshipError(
            f"Can't {action} a {type(row).__name__.lower()} that is "
            f"{row.status.name}; it must be {expected}."
        )


def _move(row: Sponsorship | Contract, status: Any) -> None:
    """Put ``row`` in ``status`` as of today; every move locks a sponsorship."""
    row.status = status
    setattr(row, STATUS_DATES[status], today())
    if isinstance(row, Sponsorship):
        row.locked = True


# The steps that only move a row: the statuses each starts from, and its result.
STEPS: dict[str, tuple[tuple[Any, ...], Any]] = {
    "reject": ((SponsorshipStatus.APPLIED,), SponsorshipStatus.REJECTED),
    "finalize": ((SponsorshipStatus.APPROVED,), SponsorshipStatus.FINALIZED),
    "send": ((ContractStatus.DRAFT,), ContractStatus.AWAITING_SIGNATURE),
    "nullify": ((ContractStatus.AWAITING_SIGNATURE,), ContractStatus.NULLIFIED),
}


def _step(session: Session, row: Sponsorship | Contract, action: str) -> None:
    """Take the step ``action`` (see :data:`STEPS`) with ``row``, and flush."""
    allowed, status = STEPS[action]
    _require(row, allowed, action)
    _move(row, status)
    session.flush()


@dataclass
class SponsorshipService:
    session: Session

    def apply(
        self,
        sponsor: Sponsor,
        level: SponsorshipLevel,
        *,
        by: Any = None,
        year: int | None = None,
        for_modified_package: bool = False,
    ) -> Sponsorship:
        """A new application; refused while the sponsor has one in progress."""
        if sponsor.id is not None:
            self.check_no_application_in_progress(sponsor)
        sponsorship = Sponsorship(
            sponsor=sponsor,
            level=level,
            submitted_by=by,
            year=year or level.year or today().year,
            sponsorship_fee=_fee(level.sponsorship_amount),
            for_modified_package=for_modified_package,
        )
        self.mark_applied(sponsorship)
        self.session.add(sponsorship)
        self.session.flush()
        notify(self.session, "sponsorship_applied", sponsorship)
        return sponsorship

    # -- the public application ----------------------------------------------------

    def application_levels(self) -> list[SponsorshipLevel]:
        """The levels on offer: the newest year's levels, and any without a year."""
        newest = self.session.scalar(sa.select(sa.func.max(SponsorshipLevel.year)))
        return list(
            self.session.scalars(
                sa.select(SponsorshipLevel)
                .where(
                    sa.or_(
                        SponsorshipLevel.year.is_(None),
                        SponsorshipLevel.year == newest,
                    )
                )
                .order_by(SponsorshipLevel.order, SponsorshipLevel.name)
            )
        )

    def managed_sponsors(self, user: Any) -> list[Sponsor]:
        """Sponsors ``user`` may apply for again: those they have applied for."""
        return list(
            self.session.scalars(
                sa.select(Sponsor)
                .where(Sponsor.sponsorships.any(Sponsorship.submitted_by_id == user.id))
                .order_by(Sponsor.name)
            )
        )

    def submit_application(
        self,
        user: Any,
        *,
        level: SponsorshipLevel | None,
        details: dict[str, Any],
        sponsor: Sponsor | None = None,
        logo: FileStorage | None = None,
    ) -> Sponsorship:
        """Create or update the sponsor from ``details`` and apply for ``level``.

        A user updates only sponsors they applied for before; a new sponsor whose
        name they already manage is that sponsor. Refused while the sponsor has an
        application in progress. The logo file is written last, once every rule
        has passed.
        """
        if level is None or level not in self.application_levels():
            raise ApplicationError("Choose one of the levels on offer.", "level_id")
        managed = self.managed_sponsors(user)
        if sponsor is not None and sponsor not in managed:
            raise ApplicationError(
                "You can only apply again for sponsors you applied for.", "sponsor_id"
            )
        name = (details.get("name") or "").strip()
        if sponsor is None:
            sponsor = self._sponsor_named(name, managed)
        elif name.casefold() != sponsor.name.casefold() and self._name_taken(
            name, sponsor
        ):
            raise ApplicationError(f"Another sponsor is already called {name}.", "name")
        if sponsor is not None and (current := self.in_progress_for(sponsor)):
            raise ApplicationError(
                f"{sponsor.name} already has a sponsorship application in progress "
                f"({current.level.name}, {current.status.name.lower()}). The PSF "
                f"sponsorship team will be in touch about it."
            )
        has_logo = logo is not None and bool(logo.filename)
        if not has_logo and (sponsor is None or not sponsor.web_logo):
            raise ApplicationError("Upload your logo.", "web_logo")
        if has_logo:
            try:
                filename = check_upload(logo, kind="image")
            except UploadError as error:
                raise ApplicationError(str(error), "web_logo") from error
        if sponsor is None:
            sponsor = Sponsor(creator=user)
            self.session.add(sponsor)
        for key, value in details.items():
            setattr(sponsor, key, value)
        sponsor.last_modified_by = user
        if has_logo:
            sponsor.web_logo = self._store_logo(logo, filename)
        return self.apply(sponsor, level, by=user)

    def application_for(
        self, sponsorship_id: uuid.UUID, user: Any
    ) -> Sponsorship | None:
        """The confirmation of an application, for its submitter or staff."""
        sponsorship = self.session.scalar(
            sa.select(Sponsorship)
            .where(Sponsorship.id == sponsorship_id)
            .options(
                joinedload(Sponsorship.sponsor),
                joinedload(Sponsorship.level),
                joinedload(Sponsorship.submitted_by),
            )
        )
        if sponsorship is None:
            return None
        if sponsorship.submitted_by_id != user.id and not is_staff(user):
            return None
        return sponsorship

    def _sponsor_named(self, name: str, managed: list[Sponsor]) -> Sponsor | None:
        for sponsor in managed:
            if sponsor.name.casefold() == name.casefold():
                return sponsor
        if self._name_taken(name):
            raise ApplicationError(
                f"A sponsor called {name} is already registered. Ask its contact to "
                f"apply, or write to {_psf_address()}.",
                "name",
            )
        return None

    def _name_taken(self, name: str, other_than: Sponsor | None = None) -> bool:
        query = sa.select(Sponsor.id).where(sa.func.lower(Sponsor.name) == name.lower())
        if other_than is not None:
            query = query.where(Sponsor.id != other_than.id)
        with self.session.no_autoflush:
            return self.session.scalar(query.limit(1)) is not None

    @staticmethod
    def _store_logo(logo: FileStorage, filename: str) -> str:
        folder = media_root() / LOGO_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        # A random prefix: names never collide and aren't guessable in advance.
        stored = f"{uuid.uuid4().hex[:12]}-{filename}"
        logo.save(folder / stored)
        return f"{LOGO_FOLDER}/{stored}"

    def check_no_application_in_progress(
        self, sponsor: Sponsor, exclude: Sponsorship | None = None
    ) -> None:
        """Raise SponsorshipError while ``sponsor`` has another application in progress."""
        if self.in_progress_for(sponsor, exclude=exclude) is not None:
            raise SponsorshipError(
                f"{sponsor.name} already has a sponsorship application in progress."
            )

    @staticmethod
    def mark_applied(sponsorship: Sponsorship) -> None:
        """Every new application starts APPLIED, dated today."""
        sponsorship.status = SponsorshipStatus.APPLIED
        sponsorship.applied_on = today()

    def in_progress_for(
        self, sponsor: Sponsor, exclude: Sponsorship | None = None
    ) -> Sponsorship | None:
        query = sa.select(Sponsorship).where(
            Sponsorship.sponsor_id == sponsor.id, Sponsorship.status.in_(IN_PROGRESS)
        )
        if exclude is not None and exclude.id is not None:
            query = query.where(Sponsorship.id != exclude.id)
        # A sponsorship being created (pending) must not count against itself.
        with self.session.no_autoflush:
            return self.session.scalars(query.limit(1)).first()

    def approve(
        self,
        sponsorship: Sponsorship,
        *,
        start_date: date,
        end_date: date,
        sponsorship_fee: int | Decimal | None = None,
        level: SponsorshipLevel | None = None,
        renewal: bool | None = None,
    ) -> Contract:
        """APPLIED → APPROVED; locks it and creates the draft contract."""
        _require(sponsorship, (SponsorshipStatus.APPLIED,), "approve")
        if not start_date or not end_date or start_date >= end_date:
            raise SponsorshipError("The start date must be before the end date.")
        if level is not None:
            sponsorship.level = level
        sponsorship.start_date = start_date
        sponsorship.end_date = end_date
        sponsorship.sponsorship_fee = _fee(
            sponsorship_fee
            if sponsorship_fee is not None
            else sponsorship.sponsorship_fee or sponsorship.level.sponsorship_amount
        )
        if renewal is not None:
            sponsorship.renewal = renewal
        _move(sponsorship, SponsorshipStatus.APPROVED)
        contract = ContractService(self.session).create_draft(sponsorship)
        self.session.flush()
        notify(self.session, "sponsorship_approved", sponsorship)
        return contract

    def reject(self, sponsorship: Sponsorship) -> Sponsorship:
        """APPLIED → REJECTED (locked)."""
        _step(self.session, sponsorship, "reject")
        notify(self.session, "sponsorship_rejected", sponsorship)
        return sponsorship

    def finalize(self, sponsorship: Sponsorship) -> Sponsorship:
        """APPROVED → FINALIZED; only the contract's execution calls this."""
        _step(self.session, sponsorship, "finalize")
        return sponsorship

    def lock(self, sponsorship: Sponsorship) -> None:
        sponsorship.locked = True
        self.session.flush()

    def unlock(self, sponsorship: Sponsorship) -> None:
        if sponsorship.status is not SponsorshipStatus.APPLIED:
            raise SponsorshipError(
                f"Only applied sponsorships can be unlocked; this one is "
                f"{sponsorship.status.name}."
            )
        sponsorship.locked = False
        self.session.flush()

    def check_editable(self, sponsorship: Sponsorship) -> None:
        """Locked sponsorships are frozen; they change only through the workflow."""
        if sponsorship.locked:
            raise SponsorshipError(
                "This sponsorship is locked and can't be edited; unlock it first."
            )

    def update(self, sponsorship: Sponsorship, **changes: Any) -> Sponsorship:
        self.check_editable(sponsorship)
        for name, value in changes.items():
            setattr(sponsorship, name, value)
        self.session.flush()
        return sponsorship

    def current_sponsorships(self, day: date | None = None) -> list[Sponsorship]:
        """Finalized sponsorships running on ``day``, best level first."""
        day = day or today()
        query = (
            sa.select(Sponsorship)
            .join(Sponsorship.level)
            .join(Sponsorship.sponsor)
            .where(
                Sponsorship.status == SponsorshipStatus.FINALIZED,
                Sponsorship.start_date <= day,
                Sponsorship.end_date >= day,
            )
            .options(selectinload(Sponsorship.sponsor), selectinload(Sponsorship.level))
            .order_by(SponsorshipLevel.order, Sponsor.name)
        )
        return list(self.session.scalars(query))


@dataclass
class ContractService:
    session: Session

    def create_draft(self, sponsorship: Sponsorship, revision: int = 0) -> Contract:
        contract = Contract(
            sponsorship=sponsorship, status=ContractStatus.DRAFT, revision=revision
        )
        self.session.add(contract)
        self.fill_snapshots(contract, sponsorship)
        self.session.flush()
        return contract

    def fill_snapshots(self, contract: Contract, sponsorship: Sponsorship) -> None:
        """Freeze what the contract agrees to: sponsor, benefits, legal clauses."""
        sponsor = sponsorship.sponsor
        info = [sponsor.name]
        if sponsor.incorporation_location:
            info.append(f"incorporated in {sponsor.incorporation_location}")
        if sponsor.mailing_address:
            info.append(sponsor.mailing_address.replace("\n", ", "))
        contract.sponsor_info = ", ".join(info)
        contract.sponsor_contact = (
            sponsorship.submitted_by.email if sponsorship.submitted_by else ""
        )
        period = ""
        if sponsorship.start_date and sponsorship.end_date:
            period = f" from {sponsorship.start_date} to {sponsorship.end_date}"
        clauses = list(
            self.session.scalars(
                sa.select(LegalClause).order_by(
                    LegalClause.order, LegalClause.internal_name
                )
            )
        )
        markers = "".join(f"[^{n}]" for n in range(1, len(clauses) + 1))
        contract.benefits_list = (
            f"- {sponsorship.level.name} sponsorship{period}, "
            f"fee USD {sponsorship.sponsorship_fee}{markers}"
        )
        contract.legal_clauses = "\n".join(
            f"[^{n}]: {clause.clause}" for n, clause in enumerate(clauses, start=1)
        )

    def save_draft(self, contract: Contract) -> Contract:
        """An edit of a draft: a new revision number (python.org)."""
        _require(contract, (ContractStatus.DRAFT,), "edit")
        contract.revision += 1
        self.session.flush()
        return contract

    def send(self, contract: Contract) -> Contract:
        """DRAFT → AWAITING_SIGNATURE."""
        _step(self.session, contract, "send")
        if contract.sponsorship is not None:
            notify(
                self.session, "contract_sent", contract.sponsorship, contract=contract
            )
        return contract

    def execute(self, contract: Contract, signed_document: str = "") -> Contract:
        """DRAFT or AWAITING_SIGNATURE → EXECUTED; the sponsorship is finalized."""
        _require(
            contract,
            (ContractStatus.DRAFT, ContractStatus.AWAITING_SIGNATURE),
            "execute",
        )
        if contract.sponsorship is None:
            raise SponsorshipError("This contract belongs to no sponsorship.")
        SponsorshipService(self.session).finalize(contract.sponsorship)
        _move(contract, ContractStatus.EXECUTED)
        if signed_document:
            contract.signed_document = signed_document
        self.session.flush()
        return contract

    def nullify(self, contract: Contract) -> Contract:
        """AWAITING_SIGNATURE → NULLIFIED."""
        _step(self.session, contract, "nullify")
        return contract

    def new_revision(self, contract: Contract) -> Contract:
        """Replace a sent or nullified contract by a fresh draft.

        The old contract becomes OUTDATED, is detached from the sponsorship (a
        sponsorship has one current contract) and points at its replacement.
        """
        _require(
            contract,
            (ContractStatus.AWAITING_SIGNATURE, ContractStatus.NULLIFIED),
            "revise",
        )
        sponsorship = contract.sponsorship
        if sponsorship is None:
            raise SponsorshipError("This contract belongs to no sponsorship.")
        contract.status = ContractStatus.OUTDATED
        sponsorship.contract = None
        # The unique sponsorship_id must be free before the new draft is inserted.
        self.session.flush()
        replacement = self.create_draft(sponsorship, revision=contract.revision + 1)
        contract.superseded_by = replacement
        self.session.flush()
        return replacement
