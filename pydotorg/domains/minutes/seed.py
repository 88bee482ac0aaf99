"""Demo board minutes for ``flask seed`` (reStructuredText, one per meeting date)."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.markup import ContentType
from pydotorg.domains.minutes.models import Minutes
from pydotorg.domains.users.seed import demo_user

TEMPLATE = """\
Attendees
=========

Directors present: {directors}. Staff present: the Executive Director and the
General Counsel.

Agenda
======

{agenda}

Resolutions
===========

RESOLVED, that the Python Software Foundation approve the minutes of the previous
meeting as circulated.

*Approved 6-0-0.*

Adjournment
===========

The chair adjourned the meeting at {end}.
"""

MEETINGS = (
    # date, directors, agenda items, end time, published
    (
        datetime.date(2025, 1, 15),
        "Alice Adams, Ben Brown, Chen Wei, Dana Diaz, Eli Ezra, Femi Fola",
        ("Treasurer's report for the fourth quarter", "PyCon US 2025 planning update"),
        "11:04 AM UTC",
        True,
    ),
    (
        datetime.date(2025, 2, 12),
        "Alice Adams, Ben Brown, Chen Wei, Dana Diaz, Eli Ezra, Femi Fola",
        ("Grants program: review of Q1 requests", "Fiscal sponsorship applications"),
        "11:15 AM UTC",
        True,
    ),
    (
        datetime.date(2025, 3, 12),
        "Alice Adams, Chen Wei, Dana Diaz, Eli Ezra, Femi Fola",
        ("Code of Conduct work group report", "Infrastructure budget for 2025"),
        "10:58 AM UTC",
        True,
    ),
    (
        datetime.date(2025, 4, 9),
        "Alice Adams, Ben Brown, Chen Wei, Dana Diaz, Femi Fola",
        ("Board election timeline", "Packaging work group charter renewal"),
        "11:20 AM UTC",
        False,
    ),
)


def seed(session: Session) -> None:
    creator = demo_user(session)
    for date, directors, agenda, end, published in MEETINGS:
        if session.scalar(sa.select(Minutes.id).where(Minutes.date == date)):
            continue
        content = TEMPLATE.format(
            directors=directors,
            agenda="\n".join(f"- {item}" for item in agenda),
            end=end,
        )
        session.add(
            Minutes(
                date=date,
                content=content,
                content_type=ContentType.RESTRUCTUREDTEXT,
                is_published=published,
                creator=creator,
            )
        )
