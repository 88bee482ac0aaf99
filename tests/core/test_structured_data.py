"""schema.org JSON-LD on releases, events and jobs; link-preview tags on every page."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from pydotorg.domains.jobs.models import JobStatus
from pydotorg.extensions import db
from tests.factories.downloads import OSFactory, ReleaseFactory, ReleaseFileFactory
from tests.factories.events import (
    CalendarFactory,
    EventFactory,
    EventLocationFactory,
    EventOccurrenceFactory,
)
from tests.factories.jobs import JobFactory, JobTypeFactory

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured_data(client, url):
    response = client.get(url)
    assert response.status_code == 200
    found = LD.findall(response.get_data(as_text=True))
    return [json.loads(block) for block in found]


def meta(html, prop):
    match = re.search(rf'<meta (?:property|name)="{prop}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_release_page_describes_a_software_application(client, session):
    release = ReleaseFactory(name="Python 3.14.2", release_date=date(2025, 12, 5))
    ReleaseFileFactory(release=release, os=OSFactory(name="Windows"))
    ReleaseFileFactory(
        release=release, os=OSFactory(name="Source release"), is_source=True
    )
    db.session.commit()
    [data] = structured_data(client, f"/downloads/release/{release.slug}/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "SoftwareApplication"
    assert data["name"] == "Python 3.14.2"
    assert data["softwareVersion"] == "3.14.2"
    assert data["datePublished"] == "2025-12-05"
    assert data["operatingSystem"] == "Source release, Windows"
    assert data["url"] == f"http://localhost/downloads/release/{release.slug}/"
    assert data["offers"]["price"] == "0"


def test_draft_release_has_no_structured_data(staff_client, session):
    release = ReleaseFactory(is_published=False)
    db.session.commit()
    assert structured_data(staff_client, f"/downloads/release/{release.slug}/") == []


def test_event_page_describes_an_event(client, session):
    calendar = CalendarFactory(name="Python Conferences", slug="python-conferences")
    venue = EventLocationFactory(
        calendar=calendar, name="Convention Center", address="300 E Ocean Blvd"
    )
    event = EventFactory(calendar=calendar, title="PyCon US 2099", venue=venue)
    EventOccurrenceFactory(
        event=event,
        dt_start=datetime(2099, 5, 12, tzinfo=UTC),
        dt_end=datetime(2099, 5, 14, tzinfo=UTC),
        all_day=True,
    )
    db.session.commit()
    [data] = structured_data(client, f"/events/python-conferences/{event.slug}/")
    assert data["@type"] == "Event"
    assert data["name"] == "PyCon US 2099"
    assert (data["startDate"], data["endDate"]) == ("2099-05-12", "2099-05-14")
    assert data["location"] == {
        "@type": "Place",
        "name": "Convention Center",
        "address": "300 E Ocean Blvd",
    }
    assert data["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")
    assert data["organizer"]["name"] == "Python Conferences"


def test_online_event_has_a_virtual_location(client, session):
    event = EventFactory(title="Office hours")
    EventOccurrenceFactory(event=event, dt_start=datetime(2099, 1, 1, 17, tzinfo=UTC))
    db.session.commit()
    [data] = structured_data(client, f"/events/{event.calendar.slug}/{event.slug}/")
    assert data["startDate"] == "2099-01-01T17:00:00+00:00"
    assert data["location"]["@type"] == "VirtualLocation"


@pytest.fixture
def job(session):
    job = JobFactory(
        job_title="Senior Python Developer",
        company_name="Acme Analytics",
        city="Berlin",
        country="Germany",
        url="https://acme.example.com/",
        telecommuting=True,
        status=JobStatus.APPROVED,
        expires=datetime.now(UTC).date() + timedelta(days=30),
        job_types=[JobTypeFactory(name="Full Time"), JobTypeFactory(name="Contract")],
        requirements="* Python",
    )
    db.session.commit()
    return job


def test_approved_job_is_a_job_posting_with_the_required_fields(client, job):
    [data] = structured_data(client, f"/jobs/{job.slug}/")
    assert data["@type"] == "JobPosting"
    # What Google for Jobs requires: title, description, datePosted,
    # hiringOrganization, jobLocation (and validThrough when it expires).
    assert data["title"] == "Senior Python Developer"
    assert "<em>Python</em>" in data["description"]
    assert "Requirements" in data["description"]
    assert data["datePosted"] == job.created_at.date().isoformat()
    assert data["validThrough"] == job.expires.isoformat()
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Acme Analytics",
        "sameAs": "https://acme.example.com/",
    }
    assert data["jobLocation"]["address"]["addressLocality"] == "Berlin"
    assert data["jobLocation"]["address"]["addressCountry"] == "Germany"
    assert data["employmentType"] == ["CONTRACTOR", "FULL_TIME"]
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert data["applicantLocationRequirements"]["name"] == "Germany"


def test_job_the_public_cannot_see_has_no_job_posting(staff_client, job):
    job.status = JobStatus.REVIEW
    db.session.commit()
    assert structured_data(staff_client, f"/jobs/{job.slug}/") == []


def test_json_ld_cannot_close_its_script_element(client, session):
    event = EventFactory(title="</script><script>alert(1)</script>")
    EventOccurrenceFactory(event=event)
    db.session.commit()
    html = client.get(f"/events/{event.calendar.slug}/{event.slug}/").get_data(
        as_text=True
    )
    assert "</script><script>alert(1)" not in html
    [data] = LD.findall(html)
    assert json.loads(data)["name"] == "</script><script>alert(1)</script>"


def test_every_page_has_link_preview_tags(client, session):
    html = client.get("/").get_data(as_text=True)
    assert meta(html, "og:title").startswith("Welcome to")
    assert meta(html, "og:url") == "http://localhost/"
    assert meta(html, "og:image") == "http://localhost/static/img/og-image.png"
    assert meta(html, "twitter:card") == "summary"
    image = client.get("/static/img/og-image.png")
    image.close()
    assert image.status_code == 200 and image.mimetype == "image/png"


def test_link_previews_use_site_url_not_the_request_host(client, session):
    html = client.get("/jobs/", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert meta(html, "og:url") == "http://localhost/jobs/"
