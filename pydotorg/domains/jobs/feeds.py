"""The jobs RSS feed (python.org's ``/jobs/feed/rss/``, read by job aggregators).

Aggregators take the first line of each description as the location and follow each
item's link to the job page, so links are absolute to this host.
"""

from __future__ import annotations

from flask import Response, url_for

from pydotorg.core.feeds import Feed, FeedItem, rss_response
from pydotorg.domains.jobs.models import Job
from pydotorg.domains.jobs.services import JobService
from pydotorg.extensions import db

FEED_SIZE = 20


def job_item(job: Job) -> FeedItem:
    description = "\n".join(
        [
            job.location,
            job.description_rendered,
            job.requirements_rendered,
        ]
    )
    return FeedItem(
        title=f"{job.job_title}, {job.company_name}",
        link=url_for("jobs.job_detail", slug=job.slug, _external=True),
        description=description,
    )


def job_feed() -> Response:
    """The 20 newest visible (approved, unexpired) jobs, newest posted first."""
    # The feed shows no job types: don't load them (one query fewer).
    statement = (
        JobService(db.session)
        .visible_statement(with_types=False)
        .order_by(None)
        .order_by(Job.created_at.desc())
        .limit(FEED_SIZE)
    )
    jobs = db.session.scalars(statement).unique()
    return rss_response(
        Feed(
            title="Python.org Jobs Feed",
            link=url_for("jobs.job_list", _external=True),
            description="Python jobs from Python.org",
            items=[job_item(job) for job in jobs],
        )
    )
