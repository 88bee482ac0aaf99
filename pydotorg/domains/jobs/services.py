"""Business rules of the job board: the submission state machine and review comments.

::

    DRAFT ──submit──> REVIEW ──approve──> APPROVED ──expire (past ``expires``)──> EXPIRED
      ^                 │  └──reject──> REJECTED ──submit──> REVIEW
      └ (new job)       └── archive from APPROVED / EXPIRED / REJECTED ──> ARCHIVED

Services flush, never commit; the caller commits once. Workflow mail (templates
``job_submitted``, ``job_approved``, ``job_rejected``, ``job_commented``) is queued
through ``EmailService`` and goes out after that commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload, selectinload

from pydotorg.core.admin import is_staff
from pydotorg.core.permissions import PermissionDenied, require_staff
from pydotorg.core.types import utcnow
from pydotorg.domains.jobs.models import Job, JobReviewComment, JobStatus
from pydotorg.domains.mailing.services import EmailService, absolute_url

# How long an approved job stays listed when no expiry date was given.
JOB_THRESHOLD_DAYS = 90
# The job board team's address (python.org: jobs@python.org); ``JOBS_EMAIL`` overrides.
DEFAULT_JOBS_EMAIL = "jobs@python.org"


class JobError(ValueError):
    """A job board rule was broken; the message is safe to show to the user."""


class InvalidTransition(JobError):  # noqa: N818  (reads as the rule it names)
    """The job's current status does not allow the requested step."""


# action -> (statuses it may start from, status it leads to)
TRANSITIONS: dict[str, tuple[frozenset[JobStatus], JobStatus]] = {
    "submit": (frozenset({JobStatus.DRAFT, JobStatus.REJECTED}), JobStatus.REVIEW),
    "approve": (frozenset({JobStatus.REVIEW}), JobStatus.APPROVED),
    "reject": (frozenset({JobStatus.REVIEW, JobStatus.APPROVED}), JobStatus.REJECTED),
    "archive": (
        frozenset({JobStatus.APPROVED, JobStatus.EXPIRED, JobStatus.REJECTED}),
        JobStatus.ARCHIVED,
    ),
    "expire": (frozenset({JobStatus.APPROVED}), JobStatus.EXPIRED),
}


def today() -> date:
    return utcnow().date()


def jobs_email() -> str:
    return str(current_app.config.get("JOBS_EMAIL") or DEFAULT_JOBS_EMAIL)


def job_url(job: Job) -> str:
    return absolute_url("jobs.job_detail", slug=job.slug)


def review_url(job: Job) -> str:
    return absolute_url("jobs_admin.edit_view", id=str(job.id))


@dataclass
class JobService:
    session: Session

    # -- queries -----------------------------------------------------------------

    def visible_statement(self, on: date | None = None) -> sa.Select[Any]:
        """Approved jobs not past their expiry, newest first, types and category loaded."""
        on = on or today()
        return (
            sa.select(Job)
            .where(
                Job.status == JobStatus.APPROVED,
                sa.or_(Job.expires.is_(None), Job.expires >= on),
            )
            .options(selectinload(Job.job_types), joinedload(Job.category))
            .order_by(Job.is_featured.desc(), Job.created_at.desc())
        )

    def get_for_viewer(self, slug: str, viewer: Any) -> Job | None:
        """The job at ``slug`` if ``viewer`` may see it (public: visible jobs only)."""
        job = self.session.scalar(
            sa.select(Job)
            .where(Job.slug == slug)
            .options(
                selectinload(Job.job_types),
                joinedload(Job.category),
                selectinload(Job.review_comments),
            )
        )
        if job is None:
            return None
        if job.is_visible(today()) or self.can_manage(job, viewer):
            return job
        return None

    @staticmethod
    def can_manage(job: Job, user: Any) -> bool:
        """Staff, or the job's owner."""
        if is_staff(user):
            return True
        return bool(
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.id == job.creator_id
        )

    # -- the state machine -------------------------------------------------------

    def _move(self, job: Job, action: str) -> None:
        allowed, target = TRANSITIONS[action]
        if job.status not in allowed:
            names = ", ".join(sorted(s.name.lower() for s in allowed))
            raise InvalidTransition(
                f"Cannot {action} the job “{job}”: it is {job.status.name.lower()} "
                f"(allowed only from {names})."
            )
        job.status = target

    def submit(self, job: Job, *, by: Any) -> Job:
        """Send a draft (or a rejected job, after edits) to the review queue."""
        if not self.can_manage(job, by):
            raise PermissionDenied("Only the job's owner or staff can submit it.")
        self._move(job, "submit")
        self.session.flush()
        EmailService(self.session).send(
            "job_submitted", jobs_email(), {"job": job, "job_url": review_url(job)}
        )
        return job

    def approve(self, job: Job, *, by: Any, expires: date | None = None) -> Job:
        """Publish a job in review; it is listed until ``expires`` (default +90 days)."""
        require_staff(by)
        self._move(job, "approve")
        if expires is not None:
            job.expires = expires
        elif job.expires is None or job.expires < today():
            job.expires = today() + timedelta(days=JOB_THRESHOLD_DAYS)
        self.session.flush()
        EmailService(self.session).send(
            "job_approved", job.email, {"job": job, "job_url": job_url(job), "by": by}
        )
        return job

    def reject(self, job: Job, *, by: Any, reason: str) -> Job:
        """Send a job back to its owner; the reason is kept as a review comment."""
        require_staff(by)
        reason = (reason or "").strip()
        if not reason:
            raise JobError("A reason is required to reject a job.")
        self._move(job, "reject")
        self.session.add(JobReviewComment(job=job, creator=by, comment=reason))
        self.session.flush()
        EmailService(self.session).send(
            "job_rejected", job.email, {"job": job, "reason": reason, "by": by}
        )
        return job

    def archive(self, job: Job, *, by: Any) -> Job:
        require_staff(by)
        self._move(job, "archive")
        self.session.flush()
        return job

    def change_status(
        self, job: Job, target: JobStatus, *, by: Any, reason: str = ""
    ) -> Job:
        """Move ``job`` to ``target`` through the matching step of the state machine."""
        if job.status is target:
            return job
        for action, (allowed, leads_to) in TRANSITIONS.items():
            if leads_to is target and job.status in allowed and action != "expire":
                if action == "reject":
                    return self.reject(job, by=by, reason=reason)
                return getattr(self, action)(job, by=by)
        raise InvalidTransition(
            f"Cannot change the job “{job}” from {job.status.name.lower()} "
            f"to {target.name.lower()}."
        )

    def expire_jobs(self, on: date | None = None) -> list[Job]:
        """Mark approved jobs whose ``expires`` date has passed as expired."""
        on = on or today()
        jobs = list(
            self.session.scalars(
                sa.select(Job).where(
                    Job.status == JobStatus.APPROVED,
                    Job.expires.is_not(None),
                    Job.expires < on,
                )
            )
        )
        for job in jobs:
            self._move(job, "expire")
        self.session.flush()
        return jobs


@dataclass
class JobReviewCommentService:
    session: Session

    def add(self, job: Job, *, by: Any, comment: str) -> JobReviewComment:
        """A review comment by staff or by the job's owner (nobody else)."""
        if not JobService.can_manage(job, by):
            raise PermissionDenied("Only the job's owner or staff can comment on it.")
        comment = (comment or "").strip()
        if not comment:
            raise JobError("A comment cannot be empty.")
        review_comment = JobReviewComment(job=job, creator=by, comment=comment)
        self.session.add(review_comment)
        self.session.flush()
        # python.org: staff comments reach the poster; the owner's reach the team.
        to = job.email if is_staff(by) else jobs_email()
        EmailService(self.session).send(
            "job_commented",
            to,
            {"job": job, "comment": review_comment, "job_url": job_url(job)},
        )
        return review_comment
