"""The jobs RSS feed at python.org's address, as job aggregators read it."""

from datetime import UTC, date, datetime, timedelta

import feedparser
import pytest

from pydotorg.core.markup import ContentType
from pydotorg.domains.jobs.models import JobStatus
from pydotorg.extensions import db
from tests.factories.jobs import JobFactory

URL = "/jobs/feed/rss/"


def parse(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def approved(n, **extra):
    return JobFactory(
        status=JobStatus.APPROVED,
        created_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=n),
        **extra,
    )


def test_channel_is_python_orgs(client):
    feed = parse(client)
    assert feed.version == "rss20"
    assert feed.feed.title == "Python.org Jobs Feed"
    assert feed.feed.subtitle == "Python jobs from Python.org"
    assert feed.feed.link == "http://localhost/jobs/"
    assert feed.feed.language == "en-us"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"http://localhost{URL}"]
    assert "updated" in feed.feed


def test_items_are_the_20_newest_visible_jobs(client, session):
    for n in range(22):
        approved(n, job_title=f"Job {n:02}")
    approved(99, job_title="Expired", expires=date(2000, 1, 1))
    JobFactory(job_title="Draft", status=JobStatus.DRAFT)
    JobFactory(job_title="Under review", status=JobStatus.REVIEW)
    approved(-1, job_title="Featured but old", is_featured=True)
    db.session.commit()
    entries = parse(client).entries
    assert len(entries) == 20
    assert [e.title.split(",")[0] for e in entries[:2]] == ["Job 21", "Job 20"]
    assert entries[-1].title.startswith("Job 02,")
    assert all("pubdate" not in e and "published" not in e for e in entries)


def test_item_title_link_guid_and_location_first_description(client, session):
    job = approved(
        1,
        job_title="Senior <Python> Developer",
        company_name="Ham & Eggs",
        city="Berlin",
        region="",
        country="Germany",
        description="Write *Python*.",
        requirements="Know **SQL**.",
        content_type=ContentType.MARKDOWN,
    )
    db.session.commit()
    body = client.get(URL).get_data(as_text=True)
    assert "<title>Senior &lt;Python&gt; Developer, Ham &amp; Eggs</title>" in body
    (entry,) = parse(client).entries
    assert entry.title == "Senior <Python> Developer, Ham & Eggs"
    assert entry.link == f"http://localhost/jobs/{job.slug}/"
    assert entry.id == entry.link
    lines = entry.description.split("\n")
    # Aggregators read the first line as the location.
    assert lines[0] == "Berlin, Germany"
    assert "<em>Python</em>" in entry.description
    assert "<strong>SQL</strong>" in entry.description
    assert client.get(f"/jobs/{job.slug}/").status_code == 200


def test_job_board_advertises_the_feed(client):
    html = client.get("/jobs/").get_data(as_text=True)
    assert (
        '<link rel="alternate" type="application/rss+xml" '
        f'title="Python.org Jobs Feed" href="{URL}">'
    ) in html


@pytest.mark.parametrize("count", [2, 25])
def test_feed_query_count_is_fixed(client, session, count_queries, count):
    for n in range(count):
        approved(n)
    db.session.commit()
    with count_queries() as counter:
        assert client.get(URL).status_code == 200
    assert counter.count == 1, counter.statements  # the jobs (no types shown)
