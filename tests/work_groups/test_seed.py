"""``flask seed`` for work groups: a few groups, once."""

import sqlalchemy as sa

from pydotorg.domains.work_groups import seed
from pydotorg.domains.work_groups.models import WorkGroup
from pydotorg.domains.work_groups.services import WorkGroupService
from pydotorg.extensions import db


def test_seed_twice_creates_each_group_once(session):
    seed.seed(db.session)
    db.session.flush()
    seed.seed(db.session)
    db.session.flush()
    groups = db.session.scalars(sa.select(WorkGroup)).all()
    assert len(groups) == len(seed.WORK_GROUPS)
    assert {g.creator.username for g in groups} == {"demo"}
    for group in groups:
        WorkGroupService(db.session).clean(group)  # seeded groups follow the rules
    active = db.session.scalars(WorkGroupService(db.session).listing()).all()
    assert 0 < len(active) < len(groups)
