"""``flask jobs expire``."""

from datetime import timedelta

from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.domains.jobs.services import today
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory


def test_expire_marks_only_approved_jobs_past_their_date(runner, session):
    stale = JobFactory(status=JobStatus.APPROVED, expires=today() - timedelta(days=3))
    fresh = JobFactory(status=JobStatus.APPROVED, expires=today() + timedelta(days=3))
    db.session.commit()
    result = runner.invoke(args=["jobs", "expire"])
    assert result.exit_code == 0, result.output
    assert "1 job(s) expired." in result.output
    db.session.expire_all()
    assert db.session.get(Job, stale.id).status is JobStatus.EXPIRED
    assert db.session.get(Job, fresh.id).status is JobStatus.APPROVED
