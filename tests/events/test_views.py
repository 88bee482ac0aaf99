"""Public event pages: upcoming occurrences, per calendar, one event."""

from datetime import UTC, datetime, timedelta

from pydotorg.extensions import db
from tests.factories.events import (
    CalendarFactory,
    EventFactory,
    EventLocationFactory,
    EventOccurrenceFactory,
    RecurringRuleFactory,
)


def later(days: int) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)


def test_events_page_lists_upcoming_occurrences_soonest_first(client, session):
    EventOccurrenceFactory(
        event__title="Past sprint", dt_start=later(-3), dt_end=later(-2)
    )
    EventOccurrenceFactory(event__title="Later conference", dt_start=later(20))
    EventOccurrenceFactory(event__title="Soon meetup", dt_start=later(2))
    db.session.commit()
    page = client.get("/events/").get_data(as_text=True)
    assert "Past sprint" not in page
    assert page.index("Soon meetup") < page.index("Later conference")


def test_a_calendar_page_shows_only_its_events(client, session):
    mine = CalendarFactory(name="User groups")
    EventOccurrenceFactory(event__title="Ours", event__calendar=mine, dt_start=later(1))
    EventOccurrenceFactory(event__title="Theirs", dt_start=later(1))
    db.session.commit()
    page = client.get("/events/user-groups/").get_data(as_text=True)
    assert "Ours" in page and "Theirs" not in page
    assert client.get("/events/no-such-calendar/").status_code == 404


def test_events_page_query_count_does_not_grow_with_occurrences(
    client, session, count_queries
):
    EventOccurrenceFactory(dt_start=later(1))
    db.session.commit()
    with count_queries() as few:
        client.get("/events/")
    for n in range(12):
        calendar = CalendarFactory()
        EventOccurrenceFactory(
            event=EventFactory(
                calendar=calendar, venue=EventLocationFactory(calendar=calendar)
            ),
            dt_start=later(n + 2),
        )
    db.session.commit()
    with count_queries() as many:
        response = client.get("/events/")
    assert response.status_code == 200
    assert many.count == few.count <= 3, many.statements


def test_event_detail_shows_the_next_dates_and_rendered_description(client, session):
    rule = RecurringRuleFactory(
        event__title="Office hours", event__description="Bring **questions**.",
        event__content_type="MARKDOWN", begin=later(1), finish=later(60),
    )  # fmt: skip
    db.session.commit()
    event = rule.event
    response = client.get(f"/events/{event.calendar.slug}/{event.slug}/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<strong>questions</strong>" in page
    assert page.count("<li><time") == 5
    assert client.get(f"/events/{event.calendar.slug}/nope/").status_code == 404


def test_an_event_in_progress_is_not_shown_as_over(client, session):
    occurrence = EventOccurrenceFactory(dt_start=later(-2), dt_end=later(3))
    db.session.commit()
    event = occurrence.event
    assert event.title in client.get("/events/").get_data(as_text=True)
    page = client.get(f"/events/{event.calendar.slug}/{event.slug}/").get_data(
        as_text=True
    )
    assert "no upcoming dates" not in page
    assert page.count("<li><time") == 1


def test_times_are_shown_in_the_events_own_time_zone(client, session):
    # 17:00 UTC in January is 18:00 in Berlin (CET).
    start = datetime(later(30).year + 1, 1, 15, 17, 0, tzinfo=UTC)
    occurrence = EventOccurrenceFactory(
        event__title="Berlin meetup",
        event__time_zone="Europe/Berlin",
        dt_start=start,
        dt_end=start + timedelta(hours=2),
    )
    EventOccurrenceFactory(
        event__title="UTC meetup", dt_start=start, dt_end=start + timedelta(hours=1)
    )
    db.session.commit()
    listing = client.get("/events/").get_data(as_text=True)
    assert "18:00</time> \u2013 <time" in listing
    assert '<abbr title="Europe/Berlin">CET</abbr>' in listing
    assert '<abbr title="UTC">UTC</abbr>' in listing
    event = occurrence.event
    detail = client.get(f"/events/{event.calendar.slug}/{event.slug}/")
    assert "18:00" in detail.get_data(as_text=True)
