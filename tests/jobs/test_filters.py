"""The board's filters: by job type, category and location, with a sidebar of each."""

from datetime import timedelta

import pytest

from pydotorg.domains.jobs.models import JobStatus
from pydotorg.domains.jobs.services import today
from pydotorg.extensions import db
from tests.factories.jobs import JobCategoryFactory, JobFactory, JobTypeFactory


def visible(**kwargs):
    return JobFactory(status=JobStatus.APPROVED, expires=today(), **kwargs)


@pytest.fixture
def board(session):
    """Two visible jobs in different places, types and categories, plus hidden ones."""
    contract = JobTypeFactory(name="Contract")
    full_time = JobTypeFactory(name="Full Time")
    web = JobCategoryFactory(name="Web Development")
    science = JobCategoryFactory(name="Data Science")
    berlin = visible(
        job_title="Berlin job", city="Berlin", region=None, country="Germany",
        category=web,
    )  # fmt: skip
    berlin.job_types = [contract]
    remote = visible(
        job_title="Remote job", city="Portland", region="Oregon", country="USA",
        category=science, telecommuting=True,
    )  # fmt: skip
    remote.job_types = [full_time, contract]
    hidden = JobFactory(
        job_title="Draft job", city="Berlin", region=None, country="Germany",
        category=web, status=JobStatus.DRAFT,
    )  # fmt: skip
    hidden.job_types = [contract]
    expired = visible(
        job_title="Expired job", city="Paris", country="France", category=science
    )
    expired.expires = today() - timedelta(days=1)
    db.session.commit()
    return {"contract": contract, "full_time": full_time, "web": web}


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    return {
        t for t in ("Berlin job", "Remote job", "Draft job", "Expired job") if t in page
    }


def test_filter_by_job_type(client, board):
    assert titles(client, "/jobs/type/contract/") == {"Berlin job", "Remote job"}
    assert titles(client, "/jobs/type/full-time/") == {"Remote job"}


def test_filter_by_category(client, board):
    assert titles(client, "/jobs/category/web-development/") == {"Berlin job"}
    assert titles(client, "/jobs/category/data-science/") == {"Remote job"}


def test_filter_by_location_and_remote_work(client, board):
    assert titles(client, "/jobs/location/berlin-germany/") == {"Berlin job"}
    assert titles(client, "/jobs/location/portland-oregon-usa/") == {"Remote job"}
    assert titles(client, "/jobs/location/telecommute/") == {"Remote job"}


def test_one_location_covers_every_spelling_of_it(client, board):
    visible(job_title="Lower-case job", city="berlin", region=None, country="germany")
    db.session.commit()
    assert titles(client, "/jobs/location/berlin-germany/") == {"Berlin job"}
    assert "Lower-case job" in client.get("/jobs/location/berlin-germany/").get_data(
        as_text=True
    )
    assert client.get("/jobs/").get_data(as_text=True).count("/berlin-germany/") == 1


@pytest.mark.parametrize(
    "url",
    [
        "/jobs/type/no-such-type/",
        "/jobs/category/no-such-category/",
        "/jobs/location/atlantis/",
        "/jobs/location/paris-france/",  # only an expired job was there
    ],
)
def test_unknown_filters_are_404(client, board, url):
    assert client.get(url).status_code == 404


def test_the_sidebar_offers_only_what_visible_jobs_have(client, board):
    inactive_unused = JobTypeFactory(name="Internship")
    db.session.commit()
    page = client.get("/jobs/").get_data(as_text=True)
    assert '<a href="/jobs/type/contract/">Contract</a> (2)' in page
    assert '<a href="/jobs/type/full-time/">Full Time</a> (1)' in page
    assert inactive_unused.name not in page
    assert '<a href="/jobs/category/web-development/">Web Development</a> (1)' in page
    assert '<a href="/jobs/location/berlin-germany/">Berlin, Germany</a>' in page
    assert '<a href="/jobs/location/telecommute/">Remote</a>' in page
    assert "paris-france" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/jobs/type/contract/",
        "/jobs/category/web-development/",
        "/jobs/location/berlin-germany/",
    ],
)
def test_filtered_pages_paginate_with_a_fixed_number_of_queries(
    client, board, count_queries, url
):
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for n in range(30):
        job = visible(
            job_title=f"More {n}", city="Berlin", region=None, country="Germany",
            category=board["web"],
        )  # fmt: skip
        job.job_types = [board["contract"], JobTypeFactory()]
    db.session.commit()
    with count_queries() as many:
        first = client.get(url)
    assert many.count == few.count, many.statements
    assert first.get_data(as_text=True).count('<li class="job') == 25
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert second.count('<li class="job') >= 6
    assert f'href="{url}?page=1"' in second
