"""Demo election for ``flask seed``: nominations open now, with nominees.

The dates are relative to the day of seeding so the demo election is always
taking nominations; a past election shows the closed state.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.domains.nominations.models import Election, Nomination, Nominee, today
from pydotorg.domains.users.seed import demo_user

# username, first name, last name
PEOPLE = (
    ("ada", "Ada", "Lovelace"),
    ("grace", "Grace", "Hopper"),
    ("alan", "Alan", "Turing"),
    ("nominator", "Nora", "Nominator"),
)
# nominee username, nominator username, employer, statement, accepted, approved
NOMINATIONS = (
    ("ada", "ada", "Analytical Engines Ltd",
     "I have organised PyCon sprints for ten years and want to help the PSF "
     "support **community events** worldwide.", True, True),
    ("grace", "nominator", "US Navy (retired)",
     "Grace has mentored hundreds of new contributors and chairs the "
     "*Education* work group.", True, True),
    ("alan", "nominator", "University of Manchester",
     "Alan would bring a strong academic perspective to the board.", False, False),
)  # fmt: skip


def seed(session: Session) -> None:
    day = today()
    _election(
        session,
        f"{day.year} PSF Board Election",
        "Elect four directors of the Python Software Foundation.",
        day - timedelta(days=7),
        day + timedelta(days=14),
        day + timedelta(days=21),
        day + timedelta(days=35),
        with_nominees=True,
    )
    _election(
        session,
        f"{day.year - 1} PSF Board Election",
        "Last year's election.",
        date(day.year - 1, 6, 1),
        date(day.year - 1, 6, 15),
        date(day.year - 1, 6, 20),
        date(day.year - 1, 6, 30),
        with_nominees=False,
    )


def _election(
    session: Session,
    name: str,
    description: str,
    *dates: date,
    with_nominees: bool,
) -> None:
    if session.scalar(sa.select(Election).where(Election.name == name)) is not None:
        return
    open_, close, voting_open, voting_close = dates
    election = Election(
        name=name,
        description=description,
        nominations_open=open_,
        nominations_close=close,
        voting_open=voting_open,
        voting_close=voting_close,
    )
    session.add(election)
    if not with_nominees:
        return
    users = {
        username: demo_user(session, username, first_name=first, last_name=last)
        for username, first, last in PEOPLE
    }
    for username, nominator, employer, statement, accepted, approved in NOMINATIONS:
        nominee = Nominee(
            election=election,
            user=users[username],
            accepted=accepted,
            approved=approved,
        )
        user = users[username]
        nominee.nominations.append(
            Nomination(
                nominator=users[nominator],
                name=user.full_name,
                email=user.email,
                employer=employer,
                previous_board_service="New board member",
                nomination_statement=statement,
                coc_acknowledged=nominator == username,
                accepted=accepted,
                approved=approved,
            )
        )
        session.add(nominee)
    session.flush()
