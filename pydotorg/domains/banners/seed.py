"""Demo banners for ``flask seed``: one active sitewide notice and one inactive one."""

from __future__ import annotations

import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.domains.banners.models import Banner, BannerTarget, BannerType

BANNERS = (
    {
        "title": "Donate",
        "message": "Python is free thanks to its community: support the Python "
        "Software Foundation.",
        "link": "/psf/donations/",
        "banner_type": BannerType.INFO,
        "target": BannerTarget.FRONTEND,
        "is_active": True,
        "is_sitewide": True,
        "path_prefix": "",
    },
    {
        "title": "Vote now",
        "message": "The PSF board election is open to voting members.",
        "link": "/nominations/",
        "banner_type": BannerType.WARNING,
        "target": BannerTarget.FRONTEND,
        "is_active": False,
        "is_sitewide": False,
        "path_prefix": "/psf/",
        "start_date": datetime.date(2025, 9, 2),
        "end_date": datetime.date(2025, 9, 16),
    },
)


def seed(session: Session) -> None:
    for fields in BANNERS:
        title = fields["title"]
        if session.scalar(sa.select(Banner.id).where(Banner.title == title)) is None:
            session.add(Banner(**fields))
