"""Election and nomination rules: who may nominate whom, and when.

The public form goes through ``NominationService.nominate`` (it finds the nominee's
account and applies the self-nomination rules, then ``submit``); nominees accept
through ``NomineeService.accept_nomination``. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, contains_eager, joinedload, selectinload

from pydotorg.core.permissions import PermissionDenied, is_staff
from pydotorg.core.rules import RuleError
from pydotorg.core.switches import switch
from pydotorg.domains.mailing.services import EmailService, absolute_url
from pydotorg.domains.nominations.models import (
    Election,
    ElectionStatus,
    Nomination,
    Nominee,
    today,
)
from pydotorg.domains.users.models import User

# What the nominator (or the nominee) may change after submitting.
EDITABLE_FIELDS = (
    "name", "employer", "other_affiliations", "previous_board_service",
    "nomination_statement",
)  # fmt: skip


class NominationError(RuleError):
    """A nomination rule was broken; the message says which (``field``: the form field)."""


def not_open_message(election: Election, day: date | None = None) -> str:
    """Why nominations can't be made today, with the dates."""
    day = day or today()
    if day < election.nominations_open:
        return (
            f"Nominations for {election.name} are not open yet: they open on "
            f"{election.nominations_open:%B %-d, %Y}."
        )
    return (
        f"Nominations for {election.name} are not open: they closed on "
        f"{election.nominations_close:%B %-d, %Y}."
    )


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
        return Election.by_slug(self.session, slug)

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

    accept = switch("accepted", True, staff_only=False)

    def accept_nomination(
        self, nomination: Nomination, *, by: User, day: date | None = None
    ) -> Nomination:
        """The nominee agrees to stand: only they can, only while nominations are open."""
        nominee = nomination.nominee
        if by.id != nominee.user_id:
            raise PermissionDenied("Only the nominee can accept a nomination.")
        election = nominee.election
        if election.status_on(day or today()) is not ElectionStatus.NOMINATIONS_OPEN:
            raise NominationError(not_open_message(election, day))
        nomination.accepted = True
        nominee.accepted = True
        self.session.flush()
        return nomination

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
            raise NominationError(not_open_message(election, day))
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
            {
                "nomination": nomination,
                "nominee": nominee,
                "election": election,
                "accept_url": absolute_url(
                    "nominations.nomination_accept",
                    slug=election.slug,
                    nomination_id=nomination.id,
                ),
            },
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

    def nominate(
        self,
        election: Election,
        *,
        nominator: User,
        email: str,
        coc_acknowledged: bool = False,
        day: date | None = None,
        **fields: Any,
    ) -> Nomination:
        """The public form: nominate the account with ``email`` (yourself included).

        The nominee needs an account, so they can accept. Self-nominations need a
        first and last name on the profile and the Code of Conduct acknowledged;
        others' acknowledgements are dropped (python.org).
        """
        if election.status_on(day or today()) is not ElectionStatus.NOMINATIONS_OPEN:
            raise NominationError(not_open_message(election, day))
        nominee_user = self._account_for(email)
        if nominee_user.id == nominator.id:
            if not (nominator.first_name.strip() and nominator.last_name.strip()):
                raise NominationError(
                    "Add your first and last name to your profile before nominating "
                    "yourself."
                )
            if not coc_acknowledged:
                raise NominationError(
                    "Nominating yourself requires acknowledging the PSF Code of Conduct.",
                    "coc_acknowledged",
                )
        else:
            coc_acknowledged = False
        return self.submit(
            election,
            nominator=nominator,
            nominee_user=nominee_user,
            email=nominee_user.email,
            coc_acknowledged=coc_acknowledged,
            day=day,
            **fields,
        )

    def _account_for(self, email: str) -> User:
        address = (email or "").strip().lower()
        user = self.session.scalars(
            sa.select(User).where(
                sa.func.lower(User.email) == address, User.is_active.is_(True)
            )
        ).first()
        if user is None:
            raise NominationError(
                "No python.org account uses this address. The person you nominate "
                "needs an account, so they can accept the nomination.",
                "email",
            )
        return user

    def get(self, election: Election, nomination_id: Any) -> Nomination | None:
        return self.session.scalars(
            sa.select(Nomination)
            .join(Nomination.nominee)
            .where(Nomination.id == nomination_id, Nominee.election_id == election.id)
            .options(
                contains_eager(Nomination.nominee).joinedload(Nominee.user),
                joinedload(Nomination.nominator),
            )
        ).first()

    def for_user(self, election: Election, user: User) -> list[Nomination]:
        """Nominations ``user`` received or made in ``election``, received first."""
        query = (
            sa.select(Nomination)
            .join(Nomination.nominee)
            .where(
                Nominee.election_id == election.id,
                sa.or_(Nominee.user_id == user.id, Nomination.nominator_id == user.id),
            )
            .options(
                contains_eager(Nomination.nominee).joinedload(Nominee.user),
                joinedload(Nomination.nominator),
            )
            .order_by(Nomination.created_at)
        )
        nominations = list(self.session.scalars(query))
        return sorted(nominations, key=lambda n: n.nominee.user_id != user.id)

    def all_for_user(self, user: User) -> list[tuple[Election, list[Nomination]]]:
        """Every nomination ``user`` received or made, by election, newest first."""
        query = (
            sa.select(Nomination)
            .join(Nomination.nominee)
            .join(Nominee.election)
            .where(
                sa.or_(Nominee.user_id == user.id, Nomination.nominator_id == user.id)
            )
            .options(
                contains_eager(Nomination.nominee).contains_eager(Nominee.election),
                contains_eager(Nomination.nominee).joinedload(Nominee.user),
                joinedload(Nomination.nominator),
            )
            .order_by(
                Election.nominations_open.desc(),
                Election.name,
                Nomination.created_at,
            )
        )
        grouped: dict[Any, tuple[Election, list[Nomination]]] = {}
        for nomination in self.session.scalars(query).unique():
            election = nomination.nominee.election
            grouped.setdefault(election.id, (election, []))[1].append(nomination)
        for _, nominations in grouped.values():
            # Received before made, as on the per-election page.
            nominations.sort(key=lambda n: n.nominee.user_id != user.id)
        return list(grouped.values())

    @staticmethod
    def editable(nomination: Nomination, user: Any, day: date | None = None) -> bool:
        """python.org's rule: only while nominations are open; the nominee always,
        the nominator while the nomination is neither accepted nor approved."""
        if not getattr(user, "is_authenticated", False):
            return False
        election = nomination.nominee.election
        if election.status_on(day or today()) is not ElectionStatus.NOMINATIONS_OPEN:
            return False
        if user.id == nomination.nominee.user_id:
            return True
        return (
            user.id == nomination.nominator_id
            and not nomination.accepted
            and not nomination.approved
        )

    def update(
        self,
        nomination: Nomination,
        *,
        by: User,
        day: date | None = None,
        **fields: Any,
    ) -> Nomination:
        """Change the nomination's text (the nominee stays the same)."""
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise NominationError(f"These fields cannot be changed: {sorted(unknown)}.")
        if not self.editable(nomination, by, day):
            if by.id not in (nomination.nominator_id, nomination.nominee.user_id):
                raise PermissionDenied("Only the nominator or the nominee can edit it.")
            raise NominationError(
                "This nomination can no longer be edited: nominations are closed, "
                "or the nominee has accepted it."
            )
        for name, value in fields.items():
            setattr(nomination, name, value)
        self.session.flush()
        return nomination

    @staticmethod
    def visible(nomination: Nomination, user: Any) -> bool:
        """The people involved and staff always; everyone once approved and closed."""
        nominee = nomination.nominee
        if getattr(user, "is_authenticated", False) and (
            user.id in (nominee.user_id, nomination.nominator_id) or is_staff(user)
        ):
            return True
        return (
            nomination.accepted
            and nominee.accepted
            and nominee.approved
            and not nominee.election.nominations_are_open
        )
