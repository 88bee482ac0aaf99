"""``flask seed`` for code samples: the classic snippets, once."""

import sqlalchemy as sa

from pydotorg.domains.codesamples import seed
from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.domains.codesamples.services import CodeSampleService
from pydotorg.extensions import db


def test_seed_twice_creates_each_sample_once(session):
    seed.seed(db.session)
    db.session.flush()
    seed.seed(db.session)
    db.session.flush()
    slugs = db.session.scalars(sa.select(CodeSample.slug)).all()
    assert sorted(slugs) == sorted(set(slugs))
    assert "functions-defined" in slugs
    assert len(slugs) == len(seed.SAMPLES)
    assert CodeSampleService(db.session).latest_published() is not None
    fib = db.session.scalar(
        sa.select(CodeSample).where(CodeSample.slug == "functions-defined")
    )
    assert fib.creator.username == "demo"
