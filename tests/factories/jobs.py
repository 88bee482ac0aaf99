"""Factories for jobs, job types, job categories and review comments."""

from typing import Any

import factory

from pydotorg.domains.jobs.models import (
    Job,
    JobCategory,
    JobReviewComment,
    JobStatus,
    JobType,
)
from tests.factories.base import ModelFactory
from tests.factories.users import UserFactory


class JobTypeFactory(ModelFactory):
    class Meta:
        model = JobType

    name = factory.Sequence(lambda n: f"Job type {n}")


class JobCategoryFactory(ModelFactory):
    class Meta:
        model = JobCategory

    name = factory.Sequence(lambda n: f"Job category {n}")


class JobFactory(ModelFactory):
    class Meta:
        model = Job

    creator = factory.SubFactory(UserFactory)
    job_title = factory.Sequence(lambda n: f"Python Developer {n}")
    company_name = factory.Faker("company")
    city = factory.Faker("city")
    country = factory.Faker("country")
    description = "Write *Python* every day."
    email = factory.LazyAttribute(
        lambda o: f"jobs{o.job_title[-2:].strip()}@example.com"
    )
    status = JobStatus.DRAFT
    category = factory.SubFactory(JobCategoryFactory)


class JobReviewCommentFactory(ModelFactory):
    class Meta:
        model = JobReviewComment

    job = factory.SubFactory(JobFactory)
    creator = factory.SelfAttribute("job.creator")
    comment = "Please add a salary range."


def job_posting(
    category: JobCategory, job_type: JobType, **fields: Any
) -> dict[str, Any]:
    """A complete, valid job posting as the public create form sends it."""
    return {
        "job_title": "Senior Python Developer",
        "company_name": "Acme Widgets",
        "company_description": "We make *widgets*.",
        "city": "Berlin",
        "region": "",
        "country": "Germany",
        "job_types": [str(job_type.id)],
        "other_job_type": "",
        "category": str(category.id),
        "content_type": "MARKDOWN",
        "description": "Build **APIs** with Flask.",
        "requirements": "- Python 3\n- SQL",
        "contact": "Ada Lovelace",
        "email": "hiring@acme.example",
        "url": "https://acme.example/jobs",
        "email_body_text": "",
        **fields,
    }
