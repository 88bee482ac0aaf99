"""Demo data for ``flask seed``: a few approved Python user groups, and ``demo_user``.

Demo accounts own other domains' demo content; they get no password, since fixed
passwords would be a risk on a real server (``flask users create-superuser`` makes
the first account that can log in).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.domains.users.models import User, UserGroup, UserGroupType

USER_GROUPS = (
    ("PyLadies Berlin", "Berlin, Germany", "https://berlin.pyladies.com/",
     UserGroupType.MEETUP, date(2013, 5, 1), True),
    ("Python Users Berlin", "Berlin, Germany", "https://www.meetup.com/python-users-berlin-pub/",
     UserGroupType.MEETUP, date(2011, 1, 1), True),
    ("PyData London", "London, United Kingdom", "https://www.meetup.com/pydata-london-meetup/",
     UserGroupType.MEETUP, date(2014, 2, 1), True),
    ("Python Melbourne", "Melbourne, Australia", "https://melbournepug.org/",
     UserGroupType.MEETUP, date(2008, 1, 1), False),
    ("Python Brasil", "Brazil", "https://python.org.br/",
     UserGroupType.DISTRIBUTION_LIST, None, False),
    ("ChiPy", "Chicago, IL, USA", "https://www.chipy.org/",
     UserGroupType.MEETUP, date(2003, 1, 1), True),
    ("PyCon Africa community", "Africa", "https://africa.pycon.org/",
     UserGroupType.OTHER, None, False),
)  # fmt: skip


def demo_user(
    session: Session,
    username: str = "demo",
    *,
    first_name: str = "Demo",
    last_name: str = "User",
) -> User:
    """The demo account ``username`` (``<username>@example.org``), created if absent.

    Active and verified, without a password: it owns seeded content but can't log
    in until someone sets one. Looked up the way the database keeps usernames and
    emails unique (case-insensitively), so an existing account is reused rather
    than colliding.
    """
    email = f"{username}@example.org"
    user = session.scalar(
        sa.select(User).where(
            sa.or_(
                sa.func.lower(User.username) == username.lower(),
                sa.func.lower(User.email) == email.lower(),
            )
        )
    )
    if user is None:
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            email_verified=True,
            is_active=True,
        )
        session.add(user)
        session.flush()
    return user


def seed(session: Session) -> None:
    for name, location, url, url_type, start_date, trusted in USER_GROUPS:
        group = session.scalar(sa.select(UserGroup).where(UserGroup.name == name))
        if group is None:
            group = UserGroup(name=name)
            session.add(group)
        group.location, group.url, group.url_type = location, url, url_type
        group.start_date, group.trusted, group.approved = start_date, trusted, True
    session.flush()
