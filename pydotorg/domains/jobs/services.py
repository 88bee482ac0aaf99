"""Business rules of the job board: the submission state machine and review comments.

::

    DRAFT ──submit──> REVIEW ──approve──> APPROVED ──expire (past ``expires``)──> EXPIRED
      ^                 │  └──reject──> REJECTED ──submit──> REVIEW
      └ (new job)       └── archive from APPROVED / EXPIRED / REJECTED ──> ARCHIVED

Owners create jobs as drafts and may edit them while they are drafts or rejected;
staff may edit any job. Services flush, never commit; the caller commits once. Workflow mail (templates
``job_submitted``, ``job_approved``, ``job_rejected``, ``job_commented``) is queued
through ``EmailService`` and goes out after that commit.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload, raiseload, selectinload

from pydotorg.core.models import add_with_unique_slug, slugify, unique_slug
from pydotorg.core.permissions import PermissionDenied, is_staff, require_staff
from pydotorg.core.response_cache import valid_until_next_day
from pydotorg.core.rules import RuleError
from pydotorg.core.types import utcnow
from pydotorg.domains.jobs.models import (
    Job,
    JobCategory,
    JobReviewComment,
    JobStatus,
    JobType,
    job_job_types,
)
from pydotorg.domains.mailing.services import EmailService, absolute_url

# How long an approved job stays listed when no expiry date was given.
JOB_THRESHOLD_DAYS = 90
# The reason a rejection from the admin gives when staff wrote none.
ADMIN_REJECT_REASON = "Rejected by the job board staff."
# The job board team's address (python.org: jobs@python.org); ``JOBS_EMAIL`` overrides.
DEFAULT_JOBS_EMAIL = "jobs@python.org"


class JobError(RuleError):
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


# Owners may change their job only before review or after a rejection.
OWNER_EDITABLE = frozenset({JobStatus.DRAFT, JobStatus.REJECTED})
# Owners preview their job until it is published (python.org's ``editable``); after
# that its preview and edit pages are a 404 for them, as on python.org.
OWNER_PREVIEWABLE = frozenset({JobStatus.DRAFT, JobStatus.REVIEW, JobStatus.REJECTED})

# Paths of the board under /jobs/ that a job's slug must never shadow.
RESERVED_SLUGS = frozenset(
    {
        "create", "mine", "feed", "type", "category", "location", "types",
        "categories", "locations",
    }
)  # fmt: skip

# The location slug that lists jobs open to remote work (python.org's name).
TELECOMMUTE_SLUG = "telecommute"

# The columns a poster fills in (the rest are set by the workflow).
EDITABLE_FIELDS = (
    "job_title", "company_name", "company_description", "city", "region", "country",
    "other_job_type", "content_type", "description", "requirements", "contact",
    "email", "url", "telecommuting", "agencies",
)  # fmt: skip


@dataclass(frozen=True)
class BoardFilter:
    """A job type or category in the board's sidebar (name and slug are shown)."""

    name: str
    slug: str


@dataclass(frozen=True)
class JobLocation:
    """One place with visible jobs; ``slug`` is python.org's "city region country"."""

    city: str | None
    region: str | None
    country: str
    # Every (city, region, country) spelling with this slug ("Berlin", "berlin").
    spellings: tuple[tuple[str | None, str | None, str], ...] = ()

    # Computed once: the board sorts and shows every place (the instance is frozen,
    # so the cached values never go stale).
    @functools.cached_property
    def name(self) -> str:
        return ", ".join(
            part for part in (self.city, self.region, self.country) if part
        )

    @functools.cached_property
    def slug(self) -> str:
        return location_slug(self.city, self.region, self.country)


@functools.lru_cache(maxsize=4096)
def location_slug(city: str | None, region: str | None, country: str | None) -> str:
    return slugify(" ".join(part for part in (city, region, country) if part))


def today() -> date:
    """Today in UTC; a cached response that asked is kept until midnight at most
    (jobs expire by date)."""
    day = utcnow().date()
    valid_until_next_day(day)
    return day


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

    @staticmethod
    def visible_condition(on: date | None = None) -> sa.ColumnElement[bool]:
        """Approved and not past its expiry date."""
        on = on or today()
        return sa.and_(
            Job.status == JobStatus.APPROVED,
            sa.or_(Job.expires.is_(None), Job.expires >= on),
        )

    def visible_statement(
        self, on: date | None = None, *, with_types: bool = True
    ) -> sa.Select[Any]:
        """Approved jobs not past their expiry, newest first, types and category loaded.

        ``with_types=False``: for lists that show no job types (they may not be read).
        """
        types = selectinload if with_types else raiseload
        return (
            sa.select(Job)
            .where(self.visible_condition(on))
            .options(types(Job.job_types), joinedload(Job.category))
            .order_by(Job.is_featured.desc(), Job.created_at.desc())
        )

    def visible_of_type(self, job_type: JobType) -> sa.Select[Any]:
        return self.visible_statement().where(
            Job.job_types.any(JobType.id == job_type.id)
        )

    def visible_in_category(self, category: JobCategory) -> sa.Select[Any]:
        return self.visible_statement().where(Job.category_id == category.id)

    def visible_in_location(
        self, slug: str, places: list[JobLocation] | None = None
    ) -> sa.Select[Any]:
        """Visible jobs at the location ``slug`` (or remote ones for "telecommute").

        ``places`` are the known locations, when the caller has loaded them already.
        """
        statement = self.visible_statement()
        if slug == TELECOMMUTE_SLUG:
            return statement.where(Job.telecommuting.is_(True))
        known = self.locations() if places is None else places
        place = next((p for p in known if p.slug == slug), None)
        if place is None:
            return statement.where(sa.false())
        return statement.where(sa.or_(*(self._at(*s) for s in place.spellings)))

    @staticmethod
    def _at(
        city: str | None, region: str | None, country: str
    ) -> sa.ColumnElement[bool]:
        def same(column: Any, value: str | None) -> Any:
            return column.is_(None) if value is None else column == value

        return sa.and_(
            same(Job.city, city), same(Job.region, region), Job.country == country
        )

    def type_by_slug(self, slug: str) -> JobType | None:
        return JobType.by_slug(self.session, slug)

    def category_by_slug(self, slug: str) -> JobCategory | None:
        return JobCategory.by_slug(self.session, slug)

    def _with_visible_jobs(
        self, statement: sa.Select[Any], model: type[JobType | JobCategory]
    ) -> sa.Select[Any]:
        """``statement`` over job types or categories (``model``), joined to their
        visible jobs."""
        if model is JobType:
            statement = statement.join(
                job_job_types, job_job_types.c.job_type_id == JobType.id
            ).join(Job, Job.id == job_job_types.c.job_id)
        else:
            statement = statement.join(Job, Job.category_id == JobCategory.id)
        return statement.where(self.visible_condition())

    def _with_job_counts(self, model: Any) -> list[tuple[Any, int]]:
        """Each ``model`` row that visible jobs have, with how many, by name."""
        statement = sa.select(model, sa.func.count(Job.id))
        rows = self.session.execute(
            self._with_visible_jobs(statement, model)
            .group_by(model.id)
            .order_by(model.name)
        )
        return [(row, count) for row, count in rows]

    def types_with_jobs(self) -> list[tuple[JobType, int]]:
        """Job types that visible jobs have, with how many (the types page)."""
        return self._with_job_counts(JobType)

    def categories_with_jobs(self) -> list[tuple[JobCategory, int]]:
        return self._with_job_counts(JobCategory)

    def board_filters(
        self,
    ) -> tuple[list[tuple[BoardFilter, int]], list[tuple[BoardFilter, int]]]:
        """Types and categories of visible jobs with their counts, in one query.

        The board shows both on every page, so they share one statement.
        """

        def counted(kind: str, model: Any) -> sa.Select[Any]:
            statement = sa.select(
                sa.literal(kind).label("kind"),
                model.name,
                model.slug,
                sa.func.count(Job.id),
            )
            return self._with_visible_jobs(statement, model).group_by(
                model.id, model.name, model.slug
            )

        union = sa.union_all(
            counted("type", JobType), counted("category", JobCategory)
        ).subquery()
        rows = self.session.execute(
            sa.select(union).order_by(union.c.kind, union.c.name)
        )
        found: dict[str, list[tuple[BoardFilter, int]]] = {"type": [], "category": []}
        for kind, name, slug, count in rows:
            found[kind].append((BoardFilter(name, slug), count))
        return found["type"], found["category"]

    def locations(self) -> list[JobLocation]:
        """Distinct places of visible jobs, by name; one entry per slug."""
        return self.places()[0]

    def places(self) -> tuple[list[JobLocation], bool]:
        """The distinct places of visible jobs, and whether any job is remote."""
        rows = self.session.execute(
            sa.select(Job.city, Job.region, Job.country, Job.telecommuting)
            .where(self.visible_condition())
            .distinct()
        ).all()
        by_slug: dict[str, list[tuple[str | None, str | None, str]]] = {}
        for city, region, country in sorted(
            {row[:3] for row in rows}, key=lambda row: [part or "" for part in row]
        ):
            by_slug.setdefault(location_slug(city, region, country), []).append(
                (city, region, country)
            )
        places = [
            JobLocation(*spellings[0], spellings=tuple(spellings))
            for spellings in by_slug.values()
        ]
        places.sort(key=lambda place: (place.name.lower(), place.slug))
        return places, any(remote for *_, remote in rows)

    def locations_with_jobs(self) -> tuple[list[tuple[JobLocation, int]], int]:
        """Each place of visible jobs with how many, and how many jobs are remote."""
        rows = self.session.execute(
            sa.select(Job.city, Job.region, Job.country, sa.func.count(Job.id))
            .where(self.visible_condition())
            .group_by(Job.city, Job.region, Job.country)
        ).all()
        counts: dict[str, int] = {}
        for city, region, country, count in rows:
            slug = location_slug(city, region, country)
            counts[slug] = counts.get(slug, 0) + count
        remote = self.session.scalar(
            sa.select(sa.func.count(Job.id)).where(
                self.visible_condition(), Job.telecommuting.is_(True)
            )
        )
        places = self.locations()
        return [(place, counts.get(place.slug, 0)) for place in places], remote or 0

    def active_types(self) -> list[JobType]:
        return list(
            self.session.scalars(
                sa.select(JobType).where(JobType.active).order_by(JobType.name)
            )
        )

    def active_categories(self) -> list[JobCategory]:
        return list(
            self.session.scalars(
                sa.select(JobCategory)
                .where(JobCategory.active)
                .order_by(JobCategory.name)
            )
        )

    def mine_statement(self, user: Any) -> sa.Select[Any]:
        """Every job ``user`` posted, newest first."""
        return (
            sa.select(Job)
            .where(Job.creator_id == user.id)
            .options(selectinload(Job.job_types), joinedload(Job.category))
            .order_by(Job.created_at.desc())
        )

    def owned_by(self, slug: str, user: Any) -> Job | None:
        """The job at ``slug`` if ``user`` posted it."""
        if not getattr(user, "is_authenticated", False):
            return None
        return self.session.scalar(
            sa.select(Job).where(Job.slug == slug, Job.creator_id == user.id)
        )

    def get_for_viewer(self, slug: str, viewer: Any) -> Job | None:
        """The job at ``slug`` if ``viewer`` may see it (public: visible jobs only)."""
        job = self.session.scalar(
            sa.select(Job)
            .where(Job.slug == slug)
            .options(
                selectinload(Job.job_types),
                joinedload(Job.category),
                selectinload(Job.review_comments).joinedload(JobReviewComment.creator),
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

    @staticmethod
    def can_submit(job: Job) -> bool:
        """Whether the job's status lets it go (back) to review."""
        return job.status in TRANSITIONS["submit"][0]

    @classmethod
    def can_edit(cls, job: Job, user: Any) -> bool:
        """Staff always; the owner only while the job is a draft or rejected."""
        if is_staff(user):
            return True
        return cls.can_manage(job, user) and job.status in OWNER_EDITABLE

    @classmethod
    def can_preview(cls, job: Job, user: Any) -> bool:
        """Staff always; the owner until the job is published (then it is a 404)."""
        if is_staff(user):
            return True
        return cls.can_manage(job, user) and job.status in OWNER_PREVIEWABLE

    @staticmethod
    def is_owner(job: Job, user: Any) -> bool:
        return bool(
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.id == job.creator_id
        )

    def check_can_edit(self, job: Job, user: Any) -> None:
        if not self.can_manage(job, user):
            raise PermissionDenied("Only the job's owner or staff can edit it.")
        if not self.can_edit(job, user):
            raise JobError(
                f"The job “{job}” is {job.status.name.lower()} and can no longer "
                "be edited; add a review comment to ask for a change."
            )

    # -- posting -------------------------------------------------------------------

    def create(
        self,
        *,
        by: Any,
        job_types: Iterable[JobType] = (),
        category: JobCategory | None = None,
        **fields: Any,
    ) -> Job:
        """A new draft posted by ``by`` (a logged-in user)."""
        if by is None or not getattr(by, "is_authenticated", False):
            raise PermissionDenied("Please login to create a job posting.")
        job = Job(creator=by, status=JobStatus.DRAFT)
        self._fill(job, job_types, category, fields)
        base = slugify(job.slug_text)
        make_slug = None
        if base in RESERVED_SLUGS or not base:
            # The slug would shadow a board page: give it a distinct base.
            def make_slug() -> str:
                return unique_slug(self.session, Job, f"{base or 'job'}-job", set())

        add_with_unique_slug(self.session, job, make_slug)
        return job

    def update(
        self,
        job: Job,
        *,
        by: Any,
        job_types: Iterable[JobType] = (),
        category: JobCategory | None = None,
        **fields: Any,
    ) -> Job:
        """Change the posting's text; its status is left alone."""
        self.check_can_edit(job, by)
        self._fill(job, job_types, category, fields)
        self.session.flush()
        return job

    @staticmethod
    def _fill(
        job: Job,
        job_types: Iterable[JobType],
        category: JobCategory | None,
        fields: dict[str, Any],
    ) -> None:
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise JobError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
        job_types = list(job_types)
        inactive = [t.name for t in job_types if not t.active]
        if category is not None and not category.active:
            inactive.append(category.name)
        if inactive:
            raise JobError(f"No longer offered: {', '.join(inactive)}.")
        for name, value in fields.items():
            setattr(job, name, value)
        job.job_types = job_types
        job.category = category

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

    def withdraw(self, job: Job, *, by: Any) -> Job:
        """The owner takes their job off the board, whatever its status.

        python.org calls this "removed"; the seed has no such status, so the job is
        archived, which leaves every public list.
        """
        if not self.is_owner(job, by):
            raise PermissionDenied("Only the job's owner can withdraw it.")
        if job.status is JobStatus.ARCHIVED:
            raise InvalidTransition(f"The job “{job}” is already withdrawn.")
        job.status = JobStatus.ARCHIVED
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

    def save_from_admin(
        self, job: Job, *, status: JobStatus, by: Any, note: str = "", created: bool
    ) -> None:
        """A staff save in the admin form, which asks for ``status``.

        A new job takes ``status`` as it is; an edited one moves through the state
        machine (a rejection gives ``note`` as its reason). A job that ends up
        approved without an expiry is approved the usual way (listed for the usual
        period). Any other note is added as a review comment, mailed to the poster.
        """
        if created:
            job.status = status
        rejected = False
        if job.status is not status:
            self.change_status(job, status, by=by, reason=note or ADMIN_REJECT_REASON)
            rejected = status is JobStatus.REJECTED
        elif job.status is JobStatus.APPROVED and job.expires is None:
            job.status = JobStatus.REVIEW
            self.approve(job, by=by)
        if note and not rejected:
            JobReviewCommentService(self.session).add(job, by=by, comment=note)

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


@dataclass(frozen=True)
class StatusCount:
    """One line of the monthly report: jobs created in a month, by status."""

    status: str
    this_month: int
    last_month: int


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month_start(day: date) -> date:
    return month_start(month_start(day) - timedelta(days=1))


def next_month_start(day: date) -> date:
    return month_start(month_start(day) + timedelta(days=32))


@dataclass
class JobReportService:
    """python.org's ``jobs_monthly_report``: jobs created this and last month, by status."""

    session: Session

    def counts(self, start: date, end: date) -> dict[JobStatus, int]:
        """Jobs created in ``[start, end)`` per status (UTC days)."""
        since = datetime(start.year, start.month, start.day, tzinfo=UTC)
        until = datetime(end.year, end.month, end.day, tzinfo=UTC)
        rows = self.session.execute(
            sa.select(Job.status, sa.func.count(Job.id))
            .where(Job.created_at >= since, Job.created_at < until)
            .group_by(Job.status)
        )
        return dict(rows.all())

    def report(self, on: date | None = None) -> dict[str, Any]:
        """The mail context for the month of ``on`` and the month before."""
        on = on or today()
        this_start, last_start = month_start(on), previous_month_start(on)
        this_month = self.counts(this_start, next_month_start(on))
        last_month = self.counts(last_start, this_start)
        rows = [
            StatusCount(
                status.value, this_month.get(status, 0), last_month.get(status, 0)
            )
            for status in JobStatus
        ]
        return {
            "this_month": this_start.strftime("%B %Y"),
            "last_month": last_start.strftime("%B %Y"),
            "rows": rows,
            "total_this_month": sum(this_month.values()),
            "total_last_month": sum(last_month.values()),
        }

    def send(self, on: date | None = None) -> list[Any]:
        """Mail the report to the job board team (template ``jobs_monthly_report``)."""
        return EmailService(self.session).send(
            "jobs_monthly_report", jobs_email(), self.report(on)
        )


@dataclass
class JobReviewCommentService:
    session: Session

    def add(self, job: Job, *, by: Any, comment: str) -> JobReviewComment:
        """A review comment by staff or by the job's owner (nobody else)."""
        if not JobService.can_manage(job, by):
            raise PermissionDenied("Only the job's owner or staff can comment on it.")
        comment = (comment or "").strip()
        if not comment:
            raise JobError("A comment cannot be empty.", field="comment")
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
