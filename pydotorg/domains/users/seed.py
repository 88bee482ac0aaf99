"""Demo users and user groups for ``flask seed``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.domains.users.models import User, UserGroup, UserGroupType

DEMO_USERS = (
    # username, email, first name, last name, staff
    ("demo", "demo@example.org", "Demo", "User", False),
    ("guido", "guido@example.org", "Guido", "van Rossum", False),
    ("editor", "editor@example.org", "Site", "Editor", True),
)

USER_GROUPS = (
    (
        "PyLadies Berlin",
        "Berlin, Germany",
        "https://berlin.pyladies.com/",
        UserGroupType.MEETUP,
    ),
    (
        "Python Brasil",
        "Brazil",
        "https://python.org.br/",
        UserGroupType.DISTRIBUTION_LIST,
    ),
    (
        "PyData London",
        "London, UK",
        "https://www.meetup.com/pydata-london-meetup/",
        UserGroupType.MEETUP,
    ),
)


def demo_user(session: Session, username: str = "demo") -> User:
    """The demo user ``username`` (created on first use): owner of seeded content."""
    user = session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        email, first, last, staff = next(
            (e, f, la, s) for u, e, f, la, s in DEMO_USERS if u == username
        )
        # No password: demo accounts can't log in until one is set.
        user = User(
            username=username,
            email=email,
            first_name=first,
            last_name=last,
            email_verified=True,
            is_staff=staff,
        )
        session.add(user)
        session.flush()
    return user


def seed(session: Session) -> None:
    for username, *_ in DEMO_USERS:
        demo_user(session, username)
    for name, location, url, url_type in USER_GROUPS:
        if session.scalar(sa.select(UserGroup).where(UserGroup.name == name)) is None:
            session.add(
                UserGroup(
                    name=name,
                    location=location,
                    url=url,
                    url_type=url_type,
                    approved=True,
                )
            )
