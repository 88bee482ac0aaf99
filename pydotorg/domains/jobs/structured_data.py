"""schema.org ``JobPosting`` for a job page, with the fields Google for Jobs requires."""

from __future__ import annotations

from typing import Any

from pydotorg.core.seo import iso, schema, site_url, thing
from pydotorg.domains.jobs.models import Job

# Our job types as schema.org employment types; others are OTHER.
EMPLOYMENT_TYPES = {
    "full time": "FULL_TIME",
    "part time": "PART_TIME",
    "contract": "CONTRACTOR",
    "freelance": "CONTRACTOR",
    "internship": "INTERN",
    "temporary": "TEMPORARY",
    "volunteer": "VOLUNTEER",
}


def job_structured_data(job: Job, url: str) -> dict[str, Any]:
    description = job.description_rendered
    if job.requirements:
        description += "<h2>Requirements</h2>" + job.requirements_rendered
    types = sorted(
        {EMPLOYMENT_TYPES.get(t.name.lower(), "OTHER") for t in job.job_types}
    )
    address = thing(
        "PostalAddress",
        addressLocality=job.city or None,
        addressRegion=job.region or None,
        addressCountry=job.country,
    )
    return schema(
        "JobPosting",
        title=job.job_title,
        description=description,
        datePosted=iso(job.created_at.date()),
        validThrough=iso(job.expires),
        employmentType=types,
        hiringOrganization=thing(
            "Organization", name=job.company_name, sameAs=job.url or None
        ),
        jobLocation=thing("Place", address=address),
        jobLocationType="TELECOMMUTE" if job.telecommuting else None,
        applicantLocationRequirements=(
            thing("Country", name=job.country) if job.telecommuting else None
        ),
        directApply=False,
        url=site_url(url),
        identifier=thing("PropertyValue", name=job.company_name, value=str(job.id)),
    )
