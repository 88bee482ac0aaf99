"""Demo PSF work groups for ``flask seed``."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.core.markup import ContentType
from pydotorg.domains.users.seed import demo_user
from pydotorg.domains.work_groups.models import WorkGroup

WORK_GROUPS = (
    {
        "name": "Packaging Work Group",
        "short_description": "Supports the Python packaging ecosystem and PyPI.",
        "purpose": "The group supports the development of the Python packaging "
        "ecosystem:\n\n- funding improvements to **PyPI** and its tools\n"
        "- coordinating grant proposals\n- reporting to the PSF board",
        "active_time": "Ongoing.",
        "url": "https://wiki.python.org/psf/PackagingWG",
        "active": True,
    },
    {
        "name": "Code of Conduct Work Group",
        "short_description": "Helps the community apply the PSF Code of Conduct.",
        "purpose": "Keeps the Code of Conduct up to date and advises events and "
        "projects that adopt it.",
        "communication": "Reach the group at conduct-wg@python.org.",
        "url": "https://wiki.python.org/psf/ConductWG",
        "active": True,
    },
    {
        "name": "Education and Outreach Work Group",
        "short_description": "Supports people who teach Python.",
        "purpose": "Collects teaching material and connects educators.",
        "active_time": "2019 to 2023.",
        "active": False,
    },
)


def seed(session: Session) -> None:
    creator = demo_user(session)
    for fields in WORK_GROUPS:
        name = fields["name"]
        if session.scalar(sa.select(WorkGroup.id).where(WorkGroup.name == name)):
            continue
        session.add(
            WorkGroup(
                **fields, content_type=ContentType.RESTRUCTUREDTEXT, creator=creator
            )
        )
