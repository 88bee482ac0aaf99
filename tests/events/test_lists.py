"""Calendars list, past events, categories and locations, each with its RSS feed."""

from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from pydotorg.extensions import db
from tests.factories.events import (
    CalendarFactory,
    EventCategoryFactory,
    EventFactory,
    EventLocationFactory,
    EventOccurrenceFactory,
)

NOW = datetime.now(UTC)


@pytest.fixture
def calendar(session):
    calendar = CalendarFactory(name="Python Events", slug="python-events")
    summit = EventCategoryFactory(calendar=calendar, name="Summit")
    sprint = EventCategoryFactory(calendar=calendar, name="Sprint")
    hall = EventLocationFactory(calendar=calendar, name="Convention Hall")
    future = EventFactory(
        calendar=calendar, title="Language Summit", categories=[summit], venue=hall
    )
    EventOccurrenceFactory(event=future, dt_start=NOW + timedelta(days=30))
    core_sprint = EventFactory(
        calendar=calendar, title="Core Sprint", categories=[sprint]
    )
    EventOccurrenceFactory(event=core_sprint, dt_start=NOW + timedelta(days=60))
    old = EventFactory(
        calendar=calendar, title="Last year's summit", categories=[summit]
    )
    EventOccurrenceFactory(event=old, dt_start=NOW - timedelta(days=300))
    db.session.commit()
    return calendar


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def rss_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/rss+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo
    return [entry.title for entry in feed.entries]


def test_calendars_page_lists_each_calendar_with_its_feeds(client, calendar):
    page = html(client, "/events/calendars/")
    assert "Python Events" in page
    assert 'href="/events/python-events/feed.rss"' in page
    assert 'href="/events/python-events/calendar.ics"' in page


def test_past_events_are_listed_apart_from_upcoming_ones(client, calendar):
    upcoming = html(client, "/events/python-events/")
    past = html(client, "/events/python-events/past/")
    assert "Language Summit" in upcoming and "Last year&#39;s summit" not in upcoming
    assert "Last year&#39;s summit" in past and "Language Summit" not in past
    assert rss_titles(client, "/events/python-events/past/feed.rss") == [
        "Last year's summit"
    ]


def test_category_lists_only_its_events(client, calendar):
    page = html(client, "/events/python-events/categories/summit/")
    assert "Language Summit" in page and "Core Sprint" not in page
    assert rss_titles(client, "/events/python-events/categories/summit/feed.rss") == [
        "Language Summit"
    ]
    categories = html(client, "/events/python-events/categories/")
    assert "/events/python-events/categories/sprint/" in categories


def test_location_lists_only_its_events(client, calendar):
    hall = calendar.locations[0]
    url = f"/events/python-events/locations/{hall.id}/"
    page = html(client, url)
    assert "Language Summit" in page and "Core Sprint" not in page
    assert rss_titles(client, url + "feed.rss") == ["Language Summit"]
    assert url in html(client, "/events/python-events/locations/")


def test_calendar_feed_lists_upcoming_events_soonest_first(client, calendar):
    assert rss_titles(client, "/events/python-events/feed.rss") == [
        "Language Summit",
        "Core Sprint",
    ]
    assert "Language Summit" in rss_titles(client, "/events/feed.rss")


@pytest.mark.parametrize(
    "url",
    [
        "/events/python-events/categories/no-such-category/",
        "/events/python-events/categories/no-such-category/feed.rss",
        "/events/python-events/locations/00000000-0000-0000-0000-000000000000/",
        "/events/no-such-calendar/past/",
        "/events/no-such-calendar/feed.rss",
    ],
)
def test_unknown_filters_are_404(client, calendar, url):
    assert client.get(url).status_code == 404


def test_another_calendars_category_is_404(client, calendar):
    other = CalendarFactory(slug="other")
    EventCategoryFactory(calendar=other, name="Meetup")
    db.session.commit()
    assert client.get("/events/python-events/categories/meetup/").status_code == 404


def test_an_event_titled_like_a_list_page_gets_another_slug(session):
    calendar = CalendarFactory(name="Calendars")
    event = EventFactory(title="Past")
    db.session.flush()
    assert calendar.slug == "calendars-2"
    assert event.slug == "past-2"
