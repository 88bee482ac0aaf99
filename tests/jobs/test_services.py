"""The submission state machine and review comments."""

from datetime import date, timedelta

import pytest

from pydotorg.core.permissions import PermissionDenied
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import (
    JOB_THRESHOLD_DAYS,
    InvalidTransition,
    JobError,
    JobReviewCommentService,
    JobService,
    today,
)
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory
from tests.factories.users import UserFactory


@pytest.fixture
def service(session):
    return JobService(db.session)


def test_the_owner_submits_a_draft_for_review(service):
    job = JobFactory()
    service.submit(job, by=job.creator)
    assert job.status is JobStatus.REVIEW


def test_a_rejected_job_can_be_submitted_again(service):
    job = JobFactory(status=JobStatus.REJECTED)
    service.submit(job, by=job.creator)
    assert job.status is JobStatus.REVIEW


def test_another_user_cannot_submit_someone_elses_job(service):
    job = JobFactory()
    with pytest.raises(PermissionDenied):
        service.submit(job, by=UserFactory())
    assert job.status is JobStatus.DRAFT


def test_approving_sets_the_default_expiry(service, staff_user):
    job = JobFactory(status=JobStatus.REVIEW)
    service.approve(job, by=staff_user)
    assert job.status is JobStatus.APPROVED
    assert job.expires == today() + timedelta(days=JOB_THRESHOLD_DAYS)


def test_approving_keeps_a_future_expiry_or_takes_the_given_one(service, staff_user):
    later = today() + timedelta(days=10)
    job = JobFactory(status=JobStatus.REVIEW, expires=later)
    service.approve(job, by=staff_user)
    assert job.expires == later
    other = JobFactory(status=JobStatus.REVIEW)
    service.approve(other, by=staff_user, expires=date(2031, 1, 1))
    assert other.expires == date(2031, 1, 1)


def test_only_staff_can_approve(service):
    job = JobFactory(status=JobStatus.REVIEW)
    with pytest.raises(PermissionDenied):
        service.approve(job, by=job.creator)
    assert job.status is JobStatus.REVIEW


@pytest.mark.parametrize(
    "status",
    [
        JobStatus.DRAFT,
        JobStatus.APPROVED,
        JobStatus.REJECTED,
        JobStatus.ARCHIVED,
        JobStatus.EXPIRED,
    ],
)
def test_only_jobs_in_review_can_be_approved(service, staff_user, status):
    job = JobFactory(status=status)
    with pytest.raises(InvalidTransition, match="Cannot approve"):
        service.approve(job, by=staff_user)
    assert job.status is status


def test_rejecting_needs_a_reason_that_becomes_a_review_comment(service, staff_user):
    job = JobFactory(status=JobStatus.REVIEW)
    with pytest.raises(JobError, match="reason"):
        service.reject(job, by=staff_user, reason="  ")
    assert job.status is JobStatus.REVIEW
    service.reject(job, by=staff_user, reason="No salary range.")
    assert job.status is JobStatus.REJECTED
    assert [c.comment for c in job.review_comments] == ["No salary range."]
    assert job.review_comments[0].creator is staff_user


def test_a_draft_cannot_be_rejected(service, staff_user):
    job = JobFactory()
    with pytest.raises(InvalidTransition, match="it is draft"):
        service.reject(job, by=staff_user, reason="no")


def test_archive_from_approved_but_not_from_draft_or_archived(service, staff_user):
    job = JobFactory(status=JobStatus.APPROVED)
    service.archive(job, by=staff_user)
    assert job.status is JobStatus.ARCHIVED
    with pytest.raises(InvalidTransition):
        service.archive(job, by=staff_user)
    with pytest.raises(InvalidTransition):
        service.archive(JobFactory(), by=staff_user)


def test_expire_flips_only_approved_jobs_past_their_expiry(service):
    past = today() - timedelta(days=1)
    stale = JobFactory(status=JobStatus.APPROVED, expires=past)
    current = JobFactory(status=JobStatus.APPROVED, expires=today())
    reviewing = JobFactory(status=JobStatus.REVIEW, expires=past)
    expired = service.expire_jobs()
    assert expired == [stale]
    assert stale.status is JobStatus.EXPIRED
    assert current.status is JobStatus.APPROVED
    assert reviewing.status is JobStatus.REVIEW


def test_change_status_follows_the_state_machine(service, staff_user):
    job = JobFactory(status=JobStatus.REVIEW)
    service.change_status(job, JobStatus.APPROVED, by=staff_user)
    assert job.status is JobStatus.APPROVED
    with pytest.raises(InvalidTransition, match="from approved to draft"):
        service.change_status(job, JobStatus.DRAFT, by=staff_user)


def test_visible_jobs_are_approved_and_unexpired(service):
    visible = JobFactory(status=JobStatus.APPROVED, expires=today())
    JobFactory(status=JobStatus.APPROVED, expires=today() - timedelta(days=1))
    JobFactory(status=JobStatus.REVIEW)
    assert list(db.session.scalars(service.visible_statement())) == [visible]


def test_owner_and_staff_may_comment_but_nobody_else(session, staff_user):
    job = JobFactory(status=JobStatus.REVIEW)
    comments = JobReviewCommentService(db.session)
    comments.add(job, by=job.creator, comment="Updated the description.")
    comments.add(job, by=staff_user, comment="Thanks!")
    with pytest.raises(PermissionDenied):
        comments.add(job, by=UserFactory(), comment="Spam")
    with pytest.raises(JobError, match="empty"):
        comments.add(job, by=staff_user, comment=" ")
    assert [c.comment for c in job.review_comments] == [
        "Updated the description.",
        "Thanks!",
    ]
