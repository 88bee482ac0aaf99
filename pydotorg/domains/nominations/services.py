"""Election and nomination rules: who may nominate whom, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager, selectinload

from pydotorg.domains.mailing.services import EmailService
from pydotorg.domains.nominations.models import (
    Election,
    ElectionStatus,
    Nomination,
    Nominee,
    today,
)
from pydotorg.domains.users.models import User


class NominationError(ValueError):
    """A nomination rule was broken; the message says which."""


@dataclass
class ElectionService:
    session: Session

    def status(self, election: Election, day: date | None = None) -> ElectionStatus:
        return election.status_on(day or today())

    def check_dates(self, election: Election) -> None:
        """Each phase ends after it starts, and voting starts after nominations."""
        if election.nominations_open > election.nominations_close:
            raise NominationError("Nominations must open before they close.")
        if election.voting_open > election.voting_close:
            raise NominationError("Voting must open before it closes.")
        if election.voting_open < election.nominations_close:
            raise NominationError("Voting can't open before nominations close.")

    def get_by_slug(self, slug: str) -> Election | None:
        return self.session.scalars(
            sa.select(Election).where(Election.slug == slug)
        ).first()

    def all(self) -> list[Election]:
        return list(
            self.session.scalars(
                sa.select(Election).order_by(Election.nominations_open.desc())
            )
        )

    def public_nominees(self, election: Election) -> list[Nominee]:
        """Accepted nominees approved by staff, with their users and nominations."""
        query = (
            sa.select(Nominee)
            .join(Nominee.user)
            .where(
                Nominee.election_id == election.id,
                Nominee.accepted.is_(True),
                Nominee.approved.is_(True),
            )
            .options(contains_eager(Nominee.user), selectinload(Nominee.nominations))
            .order_by(User.last_name, User.first_name, User.username)
        )
        return list(self.session.scalars(query))


@dataclass
class NomineeService:
    session: Session

    def accept(self, nominee: Nominee) -> Nominee:
        nominee.accepted = True
        self.session.flush()
        return nominee

    def approve(self, nominee: Nominee) -> Nominee:
        if not nominee.accepted:
            raise NominationError(
                f"{nominee.name} has not accepted the nomination yet."
            )
        nominee.approved = True
        self.session.flush()
        return nominee


@dataclass
class NominationService:
    session: Session

    def submit(
        self,
        election: Election,
        *,
        nominator: User,
        nominee_user: User,
        name: str = "",
        email: str = "",
        day: date | None = None,
        **fields: Any,
    ) -> Nomination:
        """Nominate ``nominee_user``: only while nominations are open, once each.

        A self-nomination makes an accepted nominee and an accepted nomination.
        """
        if election.status_on(day or today()) is not ElectionStatus.NOMINATIONS_OPEN:
            raise NominationError(f"Nominations for {election.name} are not open.")
        nominee = self.session.scalars(
            sa.select(Nominee).where(
                Nominee.election_id == election.id,
                Nominee.user_id == nominee_user.id,
            )
        ).first()
        is_self = nominator.id == nominee_user.id
        if nominee is None:
            nominee = Nominee(election=election, user=nominee_user, accepted=is_self)
            self.session.add(nominee)
            self.session.flush()
        elif self._already_nominated(nominee, nominator):
            raise NominationError(
                f"You have already nominated {nominee_user.full_name} "
                f"in {election.name}."
            )
        nomination = Nomination(
            nominee=nominee,
            nominator=nominator,
            name=name or nominee_user.full_name,
            email=email or nominee_user.email,
            accepted=is_self,
            **fields,
        )
        self.session.add(nomination)
        self.session.flush()
        # The nominee learns of the nomination; the nominator gets a receipt.
        recipients = list(dict.fromkeys([nomination.email, nominator.email]))
        EmailService(self.session).send(
            "nomination_received",
            recipients,
            {"nomination": nomination, "nominee": nominee, "election": election},
        )
        return nomination

    def _already_nominated(self, nominee: Nominee, nominator: User) -> bool:
        return (
            self.session.scalar(
                sa.select(sa.func.count(Nomination.id)).where(
                    Nomination.nominee_id == nominee.id,
                    Nomination.nominator_id == nominator.id,
                )
            )
            > 0
        )
