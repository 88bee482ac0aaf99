"""Approved jobs, for site search (until they expire)."""

from __future__ import annotations

import sqlalchemy as sa
from markupsafe import escape

from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.jobs.models import Job, JobStatus


def job_document(job: Job) -> SearchDocument | None:
    if job.status is not JobStatus.APPROVED:
        return None
    body = plain_text(
        f"<p>{escape(job.company_name)}</p><p>{escape(job.location)}</p>",
        job.description_rendered,
        job.requirements_rendered,
    )
    return SearchDocument(
        f"{job.job_title}, {job.company_name}",
        body,
        endpoint="jobs.job_detail",
        values={"slug": job.slug},
        expires=job.expires,
    )


SEARCHABLES = (
    Searchable(
        "jobs",
        "Jobs",
        Job,
        job_document,
        lambda: sa.select(Job).where(Job.status == JobStatus.APPROVED),
    ),
)
