"""``flask seed`` for minutes: a few meetings in reStructuredText, once."""

import sqlalchemy as sa

from pydotorg.domains.minutes import seed
from pydotorg.domains.minutes.models import Minutes
from pydotorg.extensions import db


def test_seed_twice_creates_each_meeting_once(session):
    seed.seed(db.session)
    db.session.flush()
    seed.seed(db.session)
    db.session.flush()
    rows = db.session.scalars(sa.select(Minutes)).all()
    assert len(rows) == len(seed.MEETINGS)
    assert {m.content_type.name for m in rows} == {"RESTRUCTUREDTEXT"}
    assert any(m.is_published for m in rows) and not all(m.is_published for m in rows)
