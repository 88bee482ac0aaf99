"""The events list shows each event's dates and filters by them."""

from __future__ import annotations

from datetime import UTC, datetime

from pydotorg.extensions import db
from tests.factories.events import EventFactory, EventOccurrenceFactory


def test_events_list_shows_first_date_and_how_many_more(staff_client):
    sprint = EventFactory(title="Sprint")
    for day in (3, 4, 5):
        EventOccurrenceFactory(
            event=sprint, dt_start=datetime(2030, 6, day, 9, tzinfo=UTC)
        )
    EventFactory(title="Undated")
    db.session.commit()
    listed = staff_client.get("/admin/events/").get_data(as_text=True)
    assert "2030-06-03 09:00 UTC (+2 more)" in listed
    assert "No dates" in listed


def test_events_list_loads_dates_for_the_whole_page_at_once(
    staff_client, count_queries
):
    EventOccurrenceFactory()
    db.session.commit()
    staff_client.get("/admin/events/")
    with count_queries() as one_event:
        staff_client.get("/admin/events/")
    for _ in range(5):
        EventOccurrenceFactory()
    db.session.commit()
    staff_client.get("/admin/events/")  # the commit expired the logged-in user
    with count_queries() as six_events:
        staff_client.get("/admin/events/")
    assert len(six_events.statements) == len(one_event.statements)


def test_events_list_filters_by_date(staff_client):
    EventOccurrenceFactory(event=EventFactory(title="Summer sprint"),
                           dt_start=datetime(2030, 7, 1, 9, tzinfo=UTC))  # fmt: skip
    EventOccurrenceFactory(event=EventFactory(title="Winter sprint"),
                           dt_start=datetime(2030, 12, 1, 9, tzinfo=UTC))  # fmt: skip
    db.session.commit()
    admin = staff_client.application.extensions["admin"][0]
    view = next(v for v in admin._views if v.endpoint == "events_admin")
    index = next(
        i for i, f in enumerate(view._filters)
        if f.name == "Date" and str(f.operation()) == "greater than"
    )  # fmt: skip
    listed = staff_client.get(
        f"/admin/events/?flt0_{index}=2030-10-01 00:00:00"
    ).get_data(as_text=True)
    assert "Winter sprint" in listed
    assert "Summer sprint" not in listed


def test_jobs_list_shows_status_and_submitted_date(staff_client):
    listed = staff_client.get("/admin/jobs/").get_data(as_text=True)
    assert ">Status<" in listed or "Status</a>" in listed
    assert "Submitted" in listed
