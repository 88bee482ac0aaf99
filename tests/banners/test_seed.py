"""``flask seed`` for banners: one active sitewide notice and one inactive one."""

import sqlalchemy as sa

from pydotorg.core.types import utcnow
from pydotorg.domains.banners import seed
from pydotorg.domains.banners.models import Banner, BannerTarget, BannerType
from pydotorg.domains.banners.services import BannerService
from pydotorg.extensions import db


def test_seed_twice_creates_each_banner_once(session):
    seed.seed(db.session)
    db.session.flush()
    seed.seed(db.session)
    db.session.flush()
    banners = db.session.scalars(sa.select(Banner)).all()
    assert len(banners) == 2
    active = [b for b in banners if b.is_active]
    assert len(active) == 1
    assert active[0].is_sitewide and active[0].banner_type is BannerType.INFO
    for banner in banners:
        BannerService(db.session).clean(banner)  # seeded banners follow the rules


def test_seeded_banner_is_shown_sitewide(session):
    seed.seed(db.session)
    db.session.flush()
    shown = BannerService(db.session).active_banners(
        BannerTarget.FRONTEND, utcnow().date(), "/downloads/"
    )
    assert [b.title for b in shown] == ["Donate"]
