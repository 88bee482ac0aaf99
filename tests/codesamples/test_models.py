"""Code sample rows: slugs, the required owner and what it protects."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.codesamples.models import CodeSample
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.factories.codesamples import CodeSampleFactory
from tests.factories.users import UserFactory


def test_slug_is_made_from_the_title_and_kept_unique(session):
    first = CodeSampleFactory(title="Functions Defined")
    second = CodeSampleFactory(title="Functions Defined")
    assert first.slug == "functions-defined"
    assert second.slug == "functions-defined-2"
    assert str(first) == "Functions Defined"


def test_a_sample_needs_a_creator(session, user):
    db.session.add(CodeSample(title="Orphan", code="pass", description="x"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_user_who_owns_samples_cannot_be_deleted(session):
    sample = CodeSampleFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.delete(User).where(User.id == sample.creator_id))
    db.session.rollback()


def test_samples_are_drafts_by_default(session):
    sample = CodeSample(
        title="Draft", code="pass", description="<p>x</p>", creator=UserFactory()
    )
    db.session.add(sample)
    db.session.flush()
    assert sample.is_published is False
