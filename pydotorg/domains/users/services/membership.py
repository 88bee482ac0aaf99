"""PSF Basic membership: sign-up, changes, yearly vote affirmation and export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from pydotorg.core.permissions import PermissionDenied, is_same_user
from pydotorg.core.rules import RuleError
from pydotorg.core.types import utcnow
from pydotorg.domains.users import notifications
from pydotorg.domains.users.models import (
    Membership,
    MembershipType,
    User,
)

VOTE_AFFIRMATION_DAYS = 366
MEMBERSHIP_FIELDS = (
    "legal_name", "preferred_name", "email_address", "city", "region", "country",
    "postal_code", "psf_code_of_conduct", "psf_announcements", "votes",
)  # fmt: skip


class MembershipError(RuleError):
    """A membership rule was broken; the message is safe to show."""


@dataclass
class MembershipService:
    """PSF Basic membership: sign-up, changes, and yearly vote affirmation."""

    session: Session

    def for_user(self, user: User) -> Membership | None:
        return self.session.scalar(
            sa.select(Membership).where(Membership.user_id == user.id)
        )

    def create(self, user: User, **fields: Any) -> Membership:
        if self.for_user(user) is not None:
            raise MembershipError("You already have a PSF membership.")
        if not fields.get("psf_code_of_conduct"):
            raise MembershipError(
                "You must agree to the PSF Code of Conduct to become a member."
            )
        membership = Membership(user=user, membership_type=MembershipType.BASIC)
        self._apply(membership, fields)
        self.session.add(membership)
        self.session.flush()
        notifications.send_mail(
            self.session,
            notifications.MEMBERSHIP_CREATED_TEMPLATE,
            membership.email_address or user.email,
            {"user": user, "membership": membership},
        )
        if membership.psf_announcements:
            notifications.subscribe_to_announcements(
                self.session, membership.email_address or user.email
            )
        return membership

    def update(self, membership: Membership, *, by: Any, **fields: Any) -> Membership:
        self._check_owner(membership, by)
        fields.pop("psf_code_of_conduct", None)  # agreed once, at sign-up
        was_subscribed = membership.psf_announcements
        self._apply(membership, fields)
        self.session.flush()
        if membership.psf_announcements and not was_subscribed:
            # Only when the member opts in, not on every later save.
            notifications.subscribe_to_announcements(
                self.session, membership.email_address or membership.user.email
            )
        return membership

    def delete(self, membership: Membership, *, by: Any) -> None:
        self._check_owner(membership, by)
        self.session.delete(membership)
        self.session.flush()

    def affirm_vote(
        self, membership: Membership, *, by: Any, today: date | None = None
    ) -> Membership:
        """The member (re-)affirms they want to vote: ``votes`` on, dated today."""
        self._check_owner(membership, by)
        membership.votes = True
        membership.last_vote_affirmation = today or utcnow().date()
        self.session.flush()
        return membership

    @staticmethod
    def needs_vote_affirmation(
        membership: Membership, today: date | None = None
    ) -> bool:
        """A voting member whose last affirmation is more than 366 days old."""
        if not membership.votes:
            return False
        if membership.last_vote_affirmation is None:
            return True
        today = today or utcnow().date()
        return today - membership.last_vote_affirmation > timedelta(
            days=VOTE_AFFIRMATION_DAYS
        )

    @staticmethod
    def _apply(membership: Membership, fields: dict[str, Any]) -> None:
        unknown = set(fields) - set(MEMBERSHIP_FIELDS)
        if unknown:
            raise MembershipError(f"Unknown membership fields: {sorted(unknown)}")
        was_voting = membership.votes
        for name, value in fields.items():
            setattr(membership, name, value)
        # python.org: the first time votes becomes true counts as an affirmation.
        if membership.votes and not was_voting and not membership.last_vote_affirmation:
            membership.last_vote_affirmation = utcnow().date()

    @staticmethod
    def _check_owner(membership: Membership, by: Any) -> None:
        if not is_same_user(membership.user, by):
            raise PermissionDenied("Only the member can change this membership.")

    def export_rows(self, memberships: Iterable[Membership]) -> list[list[str]]:
        rows = [
            [
                "membership_type", "username", "legal_name", "preferred_name",
                "email_address", "city", "region", "country", "postal_code", "votes",
                "last_vote_affirmation", "psf_announcements", "created_at",
            ]
        ]  # fmt: skip
        for m in memberships:
            rows.append(
                [
                    m.membership_type.name,
                    m.user.username,
                    m.legal_name,
                    m.preferred_name,
                    m.email_address,
                    m.city,
                    m.region,
                    m.country,
                    m.postal_code,
                    "yes" if m.votes else "no",
                    m.last_vote_affirmation.isoformat()
                    if m.last_vote_affirmation
                    else "",
                    "yes" if m.psf_announcements else "no",
                    m.created_at.isoformat(timespec="seconds"),
                ]
            )
        return rows

    def export_csv(self, ids: Iterable[Any] | None = None) -> str:
        """Members as CSV (all of them, or those with ``ids``), oldest first."""
        statement = (
            sa.select(Membership)
            .options(selectinload(Membership.user))
            .order_by(Membership.created_at)
        )
        if ids is not None:
            statement = statement.where(Membership.id.in_(list(ids)))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in self.export_rows(self.session.scalars(statement)):
            # Spreadsheets run cells starting with = + - @ as formulas.
            writer.writerow([_csv_safe(cell) for cell in row])
        return buffer.getvalue()


def _csv_safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
