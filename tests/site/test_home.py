"""The home page shows the newest of every domain, in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pydotorg.domains.jobs.models import JobStatus
from pydotorg.extensions import db
from tests.factories.blogs import BlogEntryFactory
from tests.factories.codesamples import CodeSampleFactory
from tests.factories.events import EventOccurrenceFactory
from tests.factories.jobs import JobFactory
from tests.factories.successstories import StoryFactory


def add_content(count: int) -> None:
    BlogEntryFactory.create_batch(count)
    EventOccurrenceFactory.create_batch(count)
    JobFactory.create_batch(
        count,
        status=JobStatus.APPROVED,
        expires=datetime.now(UTC).date() + timedelta(days=30),
    )
    StoryFactory.create_batch(count, featured=True, pull_quote="Python just works.")
    CodeSampleFactory.create_batch(count)
    db.session.commit()


def test_home_shows_every_domain(client, session):
    add_content(2)
    job = JobFactory(
        job_title="Senior Pythonista",
        status=JobStatus.APPROVED,
        expires=datetime.now(UTC).date() + timedelta(days=5),
    )
    draft = JobFactory(job_title="Secret draft job", status=JobStatus.DRAFT)
    db.session.commit()

    page = client.get("/").get_data(as_text=True)

    assert "Latest News" in page and "Upcoming Events" in page
    assert job.job_title in page
    assert draft.job_title not in page
    assert "Python just works." in page
    assert '<pre tabindex="0"><code' in page  # the code sample


def test_home_links_the_latest_release(client, session):
    from tests.factories.downloads import ReleaseFactory

    release = ReleaseFactory(name="Python 3.14.2", is_latest=True)
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert f"/downloads/release/{release.slug}/" in page
    assert "Download Python 3.14.2" in page


def test_home_query_count_does_not_grow(client, session, count_queries):
    add_content(1)
    client.get("/")
    with count_queries() as few:
        assert client.get("/").status_code == 200
    add_content(15)
    with count_queries() as many:
        assert client.get("/").status_code == 200
    assert few.count == many.count <= 8
