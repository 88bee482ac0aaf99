"""Demo job board for ``flask seed``: types, categories and a job in every status."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from pydotorg.domains.jobs.models import Job, JobCategory, JobStatus, JobType
from pydotorg.domains.users.seed import demo_user

JOB_TYPES = ("Full Time", "Part Time", "Contract", "Freelance", "Internship")
JOB_CATEGORIES = (
    "Software Engineering", "Data Science", "Web Development", "DevOps",
    "Education", "Scientific Computing",
)  # fmt: skip

# title, company, city, country, status, types, category, remote, expires
JOBS = (
    ("Senior Python Developer", "Acme Analytics", "Berlin", "Germany",
     JobStatus.APPROVED, ("Full Time",), "Software Engineering", True, date(2030, 12, 31)),
    ("Django Web Developer", "Tulip Web Studio", "Amsterdam", "Netherlands",
     JobStatus.APPROVED, ("Full Time", "Contract"), "Web Development", False, date(2030, 6, 30)),
    ("Data Engineer (Python, Airflow)", "Numbers & Co", "Toronto", "Canada",
     JobStatus.APPROVED, ("Contract",), "Data Science", True, date(2030, 9, 30)),
    ("Python Trainer", "Learn Py Academy", "London", "United Kingdom",
     JobStatus.REVIEW, ("Part Time",), "Education", False, None),
    ("Site Reliability Engineer", "Cloudy Ops", "Austin", "United States",
     JobStatus.DRAFT, ("Full Time",), "DevOps", True, None),
    ("Scientific Software Engineer", "Lab of Things", "Zürich", "Switzerland",
     JobStatus.REJECTED, ("Full Time",), "Scientific Computing", False, None),
    ("Backend Engineer (FastAPI)", "Harbour Logistics", "Lisbon", "Portugal",
     JobStatus.ARCHIVED, ("Freelance",), "Software Engineering", True, date(2024, 3, 1)),
    ("Python Intern", "Brightline Robotics", "Paris", "France",
     JobStatus.EXPIRED, ("Internship",), "Software Engineering", False, date(2024, 9, 1)),
)  # fmt: skip

DESCRIPTION = """\
We are looking for a Python developer to join our team.

You will:

* design and build services in Python,
* review code and mentor colleagues,
* care about tests and documentation.
"""
REQUIREMENTS = """\
* Several years of professional Python experience
* Familiarity with PostgreSQL and a web framework
"""


def _by_name(
    session: Session, model: type, names: tuple[str, ...]
) -> dict[str, object]:
    found = {
        row.name: row
        for row in session.scalars(sa.select(model).where(model.name.in_(names)))
    }
    for name in names:
        if name not in found:
            found[name] = model(name=name)
            session.add(found[name])
    return found


def seed(session: Session) -> None:
    types = _by_name(session, JobType, JOB_TYPES)
    categories = _by_name(session, JobCategory, JOB_CATEGORIES)
    creator = demo_user(session)
    for (
        title,
        company,
        city,
        country,
        status,
        type_names,
        category,
        remote,
        expires,
    ) in JOBS:
        exists = session.scalar(
            sa.select(Job.id).where(Job.job_title == title, Job.company_name == company)
        )
        if exists is not None:
            continue
        session.add(
            Job(
                job_title=title,
                company_name=company,
                company_description=f"{company} builds software with Python.",
                city=city,
                country=country,
                description=DESCRIPTION,
                requirements=REQUIREMENTS,
                contact="Hiring team",
                email=f"jobs@{company.lower().split()[0]}.example.com",
                url=f"https://{company.lower().split()[0]}.example.com/careers/",
                status=status,
                telecommuting=remote,
                expires=expires,
                creator=creator,
                category=categories[category],
                job_types=[types[name] for name in type_names],
            )
        )
    session.flush()
