"""Factories for jobs, job types, job categories and review comments."""

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
