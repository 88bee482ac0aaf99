"""/events/<calendar>/date/<Y>/<M>/<D>/: what one calendar has on one day."""

import re
from datetime import UTC, datetime, timedelta

from pydotorg.extensions import db
from tests.factories.events import (
    CalendarFactory,
    EventFactory,
    EventOccurrenceFactory,
)


def at(day, hour, hours=2, **kwargs):
    start = datetime(2030, 5, day, hour, tzinfo=UTC)
    return EventOccurrenceFactory(
        dt_start=start, dt_end=start + timedelta(hours=hours), **kwargs
    )


def titles(response):
    return re.findall(
        r'<h2 class="event-title"><a [^>]*>(.*?)</a>', response.get_data(as_text=True)
    )


def test_the_day_lists_only_that_calendars_events_running_that_day(client, session):
    python = CalendarFactory(name="Python Events", slug="python-events")
    other = CalendarFactory(name="User Groups")
    at(1, 18, event=EventFactory(title="Evening talk", calendar=python))
    at(1, 9, event=EventFactory(title="Morning sprint", calendar=python))
    at(2, 9, event=EventFactory(title="Next day", calendar=python))
    at(1, 10, event=EventFactory(title="Other calendar", calendar=other))
    at(1, 0, event=EventFactory(title="Midnight", calendar=python))
    EventOccurrenceFactory(
        event=EventFactory(title="Earlier", calendar=python),
        dt_start=datetime(2030, 4, 28, 9, tzinfo=UTC),
        dt_end=datetime(2030, 4, 29, 17, tzinfo=UTC),
    )
    EventOccurrenceFactory(
        event=EventFactory(title="Conference", calendar=python),
        dt_start=datetime(2030, 4, 29, 9, tzinfo=UTC),
        dt_end=datetime(2030, 5, 3, 17, tzinfo=UTC),
    )
    EventOccurrenceFactory(
        event=EventFactory(title="Ended at midnight", calendar=python),
        dt_start=datetime(2030, 4, 30, 20, tzinfo=UTC),
        dt_end=datetime(2030, 5, 1, 0, tzinfo=UTC),
    )
    db.session.commit()
    response = client.get("/events/python-events/date/2030/05/01/")
    assert response.status_code == 200
    assert titles(response) == [
        "Conference",
        "Midnight",
        "Morning sprint",
        "Evening talk",
    ]
    assert "Wednesday 1 May 2030" in response.get_data(as_text=True)


def test_a_day_without_events_says_so(client, session):
    CalendarFactory(slug="python-events")
    db.session.commit()
    response = client.get("/events/python-events/date/2030/5/1/")
    assert response.status_code == 200
    assert "No events on this day." in response.get_data(as_text=True)


def test_an_unknown_calendar_or_impossible_date_is_a_404(client, session):
    CalendarFactory(slug="python-events")
    db.session.commit()
    assert client.get("/events/nope/date/2030/5/1/").status_code == 404
    assert client.get("/events/python-events/date/2030/2/30/").status_code == 404
    assert client.get("/events/python-events/date/2030/13/1/").status_code == 404
    assert client.get("/events/python-events/date/0/1/1/").status_code == 404
