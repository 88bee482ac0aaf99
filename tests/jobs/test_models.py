"""Job board tables: slugs, enums stored by name, foreign key rules, associations."""

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from pydotorg.domains.jobs.models import Job, JobReviewComment, JobStatus, job_job_types
from pydotorg.extensions import db
from tests.factories.jobs import (
    JobCategoryFactory,
    JobFactory,
    JobReviewCommentFactory,
    JobTypeFactory,
)


def test_slug_is_made_from_title_and_company(session):
    job = JobFactory(job_title="Senior Python Dev", company_name="Acme Inc.")
    assert job.slug == "senior-python-dev-acme-inc"


def test_same_title_and_company_get_a_numbered_slug(session):
    JobFactory(job_title="Dev", company_name="Acme")
    second = JobFactory(job_title="Dev", company_name="Acme")
    assert second.slug == "dev-acme-2"


def test_explicit_duplicate_slug_is_refused_by_the_database(session):
    JobFactory(slug="taken")
    with pytest.raises(IntegrityError):
        JobFactory(slug="taken")


def test_status_is_stored_by_member_name(session):
    job = JobFactory(status=JobStatus.REVIEW)
    stored = db.session.execute(
        sa.text("SELECT status FROM jobs WHERE slug = :slug"), {"slug": job.slug}
    ).scalar_one()
    assert stored == "REVIEW"


def test_a_user_who_owns_jobs_cannot_be_deleted(session):
    job = JobFactory()
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            sa.delete(type(job.creator)).where(type(job.creator).id == job.creator_id)
        )


def test_deleting_a_category_keeps_its_jobs(session):
    job = JobFactory()
    category_id = job.category_id
    db.session.execute(
        sa.delete(type(job.category)).where(type(job.category).id == category_id)
    )
    db.session.expire_all()
    assert db.session.get(Job, job.id).category_id is None


def test_deleting_a_job_deletes_its_comments_and_type_links(session):
    comment = JobReviewCommentFactory()
    job = comment.job
    job.job_types = [JobTypeFactory(), JobTypeFactory()]
    db.session.flush()
    db.session.execute(sa.delete(Job).where(Job.id == job.id))
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(JobReviewComment)) == 0
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(job_job_types)) == 0


def test_job_types_and_category_are_shown_by_name(session):
    job = JobFactory(
        job_title="Dev", company_name="Acme", category=JobCategoryFactory(name="Web")
    )
    job.job_types = [JobTypeFactory(name="Contract"), JobTypeFactory(name="Full Time")]
    assert str(job) == "Dev, Acme"
    assert str(job.category) == "Web"
    assert [str(t) for t in job.job_types] == ["Contract", "Full Time"]


def test_a_job_type_and_category_slug_comes_from_the_name(session):
    assert JobTypeFactory(name="Full Time").slug == "full-time"
    assert JobCategoryFactory(name="Data Science").slug == "data-science"
