"""The demo feeds: Python Insider with entries, no network, idempotent."""

import sqlalchemy as sa

from pydotorg.domains.blogs import seed
from pydotorg.domains.blogs.models import BlogEntry, Feed, FeedAggregate
from pydotorg.extensions import db


def test_seed_makes_feeds_with_entries_and_no_duplicates(session):
    seed.seed(db.session)
    seed.seed(db.session)
    insider = db.session.scalar(sa.select(Feed).where(Feed.name == "Python Insider"))
    assert len(insider.entries) == len(seed.INSIDER_ENTRIES)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BlogEntry)) == len(
        seed.INSIDER_ENTRIES
    ) + len(seed.PSF_ENTRIES)
    aggregate = db.session.scalar(sa.select(FeedAggregate))
    assert len(aggregate.feeds) == 2
