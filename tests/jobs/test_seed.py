"""The demo job board: a job in every status, idempotent."""

import sqlalchemy as sa

from pydotorg.domains.jobs import seed
from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.extensions import db


def test_seed_makes_a_job_in_every_status_and_no_duplicates(session):
    seed.seed(db.session)
    seed.seed(db.session)
    statuses = db.session.scalars(sa.select(Job.status)).all()
    assert set(statuses) == set(JobStatus)
    assert len(statuses) == len(seed.JOBS)
    job = db.session.scalar(sa.select(Job).where(Job.status == JobStatus.APPROVED))
    assert job.job_types and job.category and job.creator.username == "demo"
