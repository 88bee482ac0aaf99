"""Demo success stories for ``flask seed``, in python.org's categories."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.markup import ContentType
from pydotorg.domains.successstories.models import Story, StoryCategory
from pydotorg.domains.users.seed import demo_user

CATEGORIES = (
    "Arts", "Business", "Education", "Engineering", "Government", "Scientific",
    "Software Development",
)  # fmt: skip

# name, company, url, category, author, pull quote, featured, published
STORIES = (
    ("Python powers a national weather service", "Blue Skies Meteorology",
     "https://blue-skies.example.org/", "Scientific", "Dr. Ana Souza",
     "Python let our forecasters and developers speak the same language.", True, True),
    ("Teaching 10,000 students to code with Python", "Open Classroom Project",
     "https://open-classroom.example.org/", "Education", "Sam Okafor",
     "Readable code is teachable code.", False, True),
    ("Scaling an online bank on Python", "Numbers & Co",
     "https://numbers.example.com/", "Business", "Lena Fischer",
     "We ship every day and sleep at night.", False, True),
    ("Animating a feature film pipeline", "Pixel Forest Studios",
     "https://pixel-forest.example.com/", "Arts", "Jun Watanabe",
     "Every tool in our pipeline talks Python.", False, False),
)  # fmt: skip

CONTENT = """\
{company} started with a handful of scripts. Today Python runs the core of the
business.

Why Python
==========

* A huge ecosystem of libraries: no need to reinvent the wheel.
* Code that new team members can read on their first day.
* A welcoming community.

Results
=======

The team now ships changes weekly instead of quarterly.
"""


def seed(session: Session) -> None:
    editor = demo_user(
        session, "stories-editor", first_name="Stories", last_name="Editor"
    )
    categories = {name: _category(session, name) for name in CATEGORIES}
    for name, company, url, category, author, quote, featured, published in STORIES:
        if session.scalar(sa.select(Story).where(Story.name == name)) is not None:
            continue
        session.add(
            Story(
                name=name,
                company_name=company,
                company_url=url,
                category=categories[category],
                author=author,
                pull_quote=quote,
                content=CONTENT.format(company=company),
                content_type=ContentType.RESTRUCTUREDTEXT,
                featured=featured,
                is_published=published,
                creator=editor,
            )
        )
    session.flush()


def _category(session: Session, name: str) -> StoryCategory:
    category = session.scalar(
        sa.select(StoryCategory).where(StoryCategory.name == name)
    )
    if category is None:
        category = StoryCategory(name=name)
        session.add(category)
    return category
