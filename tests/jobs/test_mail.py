"""Workflow mail: submitted, approved, rejected and commented jobs (loopback SMTP)."""

import pytest

from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import JobReviewCommentService, JobService
from pydotorg.domains.mailing.services import EmailTemplateService
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory


@pytest.fixture
def templates(session):
    EmailTemplateService(db.session).sync_defaults()
    db.session.commit()


def test_submitting_mails_the_job_board_team(smtp_server, templates):
    job = JobFactory(job_title="Django Developer")
    JobService(db.session).submit(job, by=job.creator)
    db.session.commit()
    [message] = smtp_server.messages
    assert message["To"] == "jobs@python.org"
    assert "Django Developer" in message["Subject"]
    assert f"/admin/jobs/edit/?id={job.id}" in smtp_server.text(message)


def test_approving_mails_the_poster_a_link_to_the_listing(
    smtp_server, templates, staff_user
):
    job = JobFactory(status=JobStatus.REVIEW, email="poster@example.com")
    JobService(db.session).approve(job, by=staff_user)
    db.session.commit()
    [message] = smtp_server.messages
    assert message["To"] == "poster@example.com"
    assert f"http://localhost/jobs/{job.slug}/" in smtp_server.text(message)


def test_rejecting_mails_the_reason(smtp_server, templates, staff_user):
    job = JobFactory(status=JobStatus.REVIEW, email="poster@example.com")
    JobService(db.session).reject(
        job, by=staff_user, reason="Please add a salary range."
    )
    db.session.commit()
    [message] = smtp_server.messages
    assert "Please add a salary range." in smtp_server.text(message)


def test_staff_comments_reach_the_poster_and_owner_comments_the_team(
    smtp_server, templates, staff_user
):
    job = JobFactory(status=JobStatus.REVIEW, email="poster@example.com")
    comments = JobReviewCommentService(db.session)
    comments.add(job, by=staff_user, comment="Which city?")
    comments.add(job, by=job.creator, comment="Berlin.")
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == [
        "poster@example.com",
        "jobs@python.org",
    ]


def test_an_illegal_step_sends_nothing(smtp_server, templates, staff_user):
    job = JobFactory(status=JobStatus.DRAFT)
    with pytest.raises(ValueError, match="Cannot approve"):
        JobService(db.session).approve(job, by=staff_user)
    db.session.commit()
    assert smtp_server.messages == []
