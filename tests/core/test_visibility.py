"""One "published, or may see drafts" rule: ``Model.visible_to(viewer)``."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.domains.minutes.models import Minutes
from pydotorg.domains.work_groups.models import WorkGroup
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory
from tests.factories.minutes import MinutesFactory
from tests.factories.work_groups import WorkGroupFactory


def visible(model, viewer):
    return set(db.session.scalars(sa.select(model).where(model.visible_to(viewer))))


def test_the_public_sees_published_rows_and_staff_see_drafts_too(user, staff_user):
    published = MinutesFactory(is_published=True)
    draft = MinutesFactory(is_published=False)
    assert visible(Minutes, None) == {published}
    assert visible(Minutes, user) == {published}
    assert visible(Minutes, staff_user) == {published, draft}


def test_a_row_answers_as_the_query_does(user, staff_user):
    draft = MinutesFactory(is_published=False)
    assert not draft.visible_to(None)
    assert not draft.visible_to(user)
    assert draft.visible_to(staff_user)


def test_a_model_names_what_makes_it_public(staff_user):
    approved = JobFactory(status=JobStatus.APPROVED)
    JobFactory(status=JobStatus.DRAFT)
    active = WorkGroupFactory(active=True)
    WorkGroupFactory(active=False)
    assert visible(Job, None) == {approved}
    assert visible(WorkGroup, None) == {active}
    assert len(visible(WorkGroup, staff_user)) == 2
