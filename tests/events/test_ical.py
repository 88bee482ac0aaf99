"""iCalendar feeds: per calendar and for every event, read back by ``import-ics``."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import sqlalchemy as sa

from pydotorg.domains.events.models import (
    Event,
    EventOccurrence,
    RecurrenceFrequency,
    RecurringRule,
)
from pydotorg.domains.events.services import EventService
from pydotorg.extensions import db
from tests.factories.events import (
    CalendarFactory,
    EventCategoryFactory,
    EventFactory,
    EventLocationFactory,
    EventOccurrenceFactory,
    RecurringRuleFactory,
)


@pytest.fixture
def calendar(session):
    calendar = CalendarFactory(name="Python Events", slug="python-events")
    venue = EventLocationFactory(
        calendar=calendar, name="Betahaus", address="Rudi-Dutschke-Straße 23"
    )
    meetup = EventFactory(
        calendar=calendar,
        title="PyLadies monthly meetup",
        venue=venue,
        categories=[EventCategoryFactory(calendar=calendar, name="Meetup")],
    )
    RecurringRuleFactory(
        event=meetup,
        begin=datetime(2030, 1, 15, 18, tzinfo=UTC),
        finish=datetime(2030, 12, 31, 23, tzinfo=UTC),
        duration=timedelta(hours=2, minutes=30),
        frequency=int(RecurrenceFrequency.MONTHLY),
    )
    conference = EventFactory(calendar=calendar, title="PyCon 2030")
    EventOccurrenceFactory(
        event=conference,
        dt_start=datetime(2030, 5, 12, tzinfo=UTC),
        dt_end=datetime(2030, 5, 14, tzinfo=UTC),
        all_day=True,
    )
    EventOccurrenceFactory(
        event=conference,
        dt_start=datetime(2030, 5, 20, 9, tzinfo=UTC),
        dt_end=datetime(2030, 5, 20, 17, tzinfo=UTC),
    )
    EventFactory(calendar=calendar, title="Not scheduled yet")
    db.session.commit()
    return calendar


def feed(client, url="/events/python-events/calendar.ics"):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return response.data


def vevents(data):
    return {
        str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }


def test_calendar_feed_parses_and_names_the_calendar(client, calendar):
    parsed = icalendar.Calendar.from_ical(feed(client))
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["X-WR-CALNAME"]) == "Python Events"
    assert str(parsed["REFRESH-INTERVAL"].to_ical(), "ascii") == "PT6H"
    # An event with no dates has nothing to put in a calendar.
    assert set(vevents(feed(client))) == {"PyLadies monthly meetup", "PyCon 2030"}


def test_recurring_event_is_one_vevent_with_an_rrule(client, calendar):
    meetup = vevents(feed(client))["PyLadies monthly meetup"]
    assert meetup.decoded("DTSTART") == datetime(2030, 1, 15, 18, tzinfo=UTC)
    assert meetup.decoded("DTEND") == datetime(2030, 1, 15, 20, 30, tzinfo=UTC)
    rule = meetup["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["UNTIL"] == [datetime(2030, 12, 31, 23, tzinfo=UTC)]
    assert str(meetup["LOCATION"]) == "Betahaus, Rudi-Dutschke-Straße 23"
    assert meetup["CATEGORIES"].cats == ["Meetup"]
    assert str(meetup["URL"]).startswith("http://localhost/events/python-events/")


def test_all_day_event_ends_the_day_after_its_last_day(client, calendar):
    conference = vevents(feed(client))["PyCon 2030"]
    assert conference.decoded("DTSTART") == date(2030, 5, 12)
    assert conference.decoded("DTEND") == date(2030, 5, 15)
    # Its second, hand-entered date travels as an RDATE period.
    period = conference["RDATE"].dts[0].dt
    assert period[0] == datetime(2030, 5, 20, 9, tzinfo=UTC)


def test_uids_are_stable_and_unique(client, calendar):
    first = [str(e["UID"]) for e in vevents(feed(client)).values()]
    assert len(set(first)) == len(first)
    assert first == [str(e["UID"]) for e in vevents(feed(client)).values()]
    imported = EventFactory(calendar=calendar, uid="sprint-2030@example.org")
    EventOccurrenceFactory(event=imported)
    db.session.commit()
    assert "sprint-2030@example.org" in [
        str(e["UID"]) for e in vevents(feed(client)).values()
    ]


def test_all_events_feed_spans_calendars(client, calendar):
    other = CalendarFactory(name="Conferences", slug="conferences")
    EventOccurrenceFactory(event=EventFactory(calendar=other, title="EuroPython 2030"))
    db.session.commit()
    everything = set(vevents(feed(client, "/events/calendar.ics")))
    assert {"PyCon 2030", "EuroPython 2030"} <= everything
    assert "EuroPython 2030" not in vevents(feed(client))


def test_unknown_calendar_feed_is_404(client):
    assert client.get("/events/no-such-calendar/calendar.ics").status_code == 404


def _rows():
    tables = (Event, EventOccurrence, RecurringRule)
    return {
        model.__name__: sorted(
            tuple(str(getattr(row, c.key)) for c in sa.inspect(model).columns)
            for row in db.session.scalars(sa.select(model))
        )
        for model in tables
    }


def test_feed_round_trips_through_import_ics_with_no_change(
    client, runner, calendar, tmp_path
):
    exported = feed(client)
    before = _rows()
    path = tmp_path / "python-events.ics"
    path.write_bytes(exported)

    result = runner.invoke(
        args=["events", "import-ics", str(path), "--calendar", "python-events"]
    )

    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 2 unchanged, 0 skipped." in result.output
    db.session.expire_all()
    assert _rows() == before
    assert feed(client) == exported


def test_an_edited_feed_updates_the_event_it_came_from(
    client, runner, calendar, tmp_path
):
    exported = feed(client).replace(b"SUMMARY:PyCon 2030", b"SUMMARY:PyCon US 2030")
    path = tmp_path / "edited.ics"
    path.write_bytes(exported)
    result = runner.invoke(
        args=["events", "import-ics", str(path), "--calendar", "python-events"]
    )
    assert "0 created, 1 updated, 1 unchanged" in result.output
    titles = set(db.session.scalars(sa.select(Event.title)))
    assert "PyCon US 2030" in titles and "PyCon 2030" not in titles


@pytest.fixture
def zoned_calendar(session):
    """Events in their own zones: a counted weekly rule across the change to
    summer time in Berlin, and a New York one-off with a second date."""
    calendar = CalendarFactory(name="Zoned", slug="zoned")
    berlin = EventFactory(
        calendar=calendar, title="Berlin sprint", time_zone="Europe/Berlin"
    )
    rule = RecurringRule(
        event=berlin,
        begin=datetime(2030, 3, 20, 17, tzinfo=UTC),  # 18:00 in Berlin (CET)
        count=4,
        duration=timedelta(hours=2),
        interval=1,
        frequency=int(RecurrenceFrequency.WEEKLY),
    )
    EventService.complete_rule(rule)  # the count sets its finish
    db.session.add(rule)
    new_york = EventFactory(
        calendar=calendar, title="NYC meetup", time_zone="America/New_York"
    )
    EventOccurrenceFactory(
        event=new_york,
        dt_start=datetime(2030, 6, 4, 22, tzinfo=UTC),  # 18:00 in New York (EDT)
        dt_end=datetime(2030, 6, 5, 0, tzinfo=UTC),
    )
    EventOccurrenceFactory(
        event=new_york,
        dt_start=datetime(2030, 12, 3, 23, tzinfo=UTC),  # 18:00 in New York (EST)
        dt_end=datetime(2030, 12, 4, 1, tzinfo=UTC),
    )
    db.session.commit()
    return calendar


def test_a_zoned_event_is_written_in_its_zone_with_a_vtimezone(client, zoned_calendar):
    data = feed(client, "/events/zoned/calendar.ics")
    parsed = icalendar.Calendar.from_ical(data)
    zones = {str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin", "America/New_York"}
    text = data.decode()
    assert "DTSTART;TZID=Europe/Berlin:20300320T180000" in text
    assert "RRULE:FREQ=WEEKLY;COUNT=4;INTERVAL=1" in text
    assert "UNTIL" not in vevents(data)["Berlin sprint"]["RRULE"]
    assert "DTSTART;TZID=America/New_York:20300604T180000" in text
    assert (
        "RDATE;TZID=America/New_York;VALUE=PERIOD:20301203T180000/20301203T200000"
        in text
    )
    # A feed of UTC events needs no VTIMEZONE.
    CalendarFactory(slug="plain")
    db.session.commit()
    assert b"VTIMEZONE" not in feed(client, "/events/plain/calendar.ics")


def test_a_counted_rule_repeats_at_the_same_local_time_across_summer_time(
    zoned_calendar,
):
    event = db.session.scalar(sa.select(Event).where(Event.title == "Berlin sprint"))
    (rule,) = event.recurring_rules
    times = EventService(db.session).next_occurrences(
        event, after=datetime(2030, 1, 1, tzinfo=UTC), count=10
    )
    assert [slot.start.hour for slot in times] == [17, 17, 16, 16]  # UTC
    assert rule.finish == datetime(2030, 4, 10, 16, tzinfo=UTC)  # the 4th time


def test_a_zoned_feed_round_trips_through_import_ics_with_no_change(
    client, runner, zoned_calendar, tmp_path
):
    exported = feed(client, "/events/zoned/calendar.ics")
    before = _rows()
    path = tmp_path / "zoned.ics"
    path.write_bytes(exported)

    result = runner.invoke(
        args=["events", "import-ics", str(path), "--calendar", "zoned"]
    )

    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 2 unchanged, 0 skipped." in result.output
    db.session.expire_all()
    assert _rows() == before
    assert feed(client, "/events/zoned/calendar.ics") == exported


def test_importing_a_zoned_feed_elsewhere_keeps_zones_and_counts(
    client, runner, zoned_calendar, tmp_path
):
    exported = feed(client, "/events/zoned/calendar.ics")
    CalendarFactory(slug="copy")
    db.session.commit()
    path = tmp_path / "zoned.ics"
    path.write_bytes(exported)

    result = runner.invoke(
        args=["events", "import-ics", str(path), "--calendar", "copy"]
    )

    assert "2 created" in result.output, result.output
    copies = {
        event.title: event
        for event in db.session.scalars(
            sa.select(Event).join(Event.calendar).where(Event.calendar.has(slug="copy"))
        )
    }
    assert copies["Berlin sprint"].time_zone == "Europe/Berlin"
    (rule,) = copies["Berlin sprint"].recurring_rules
    assert (rule.count, rule.finish) == (4, datetime(2030, 4, 10, 16, tzinfo=UTC))
    assert copies["NYC meetup"].time_zone == "America/New_York"
    when = {
        name: (str(e["DTSTART"].to_ical()), e.get("RRULE"))
        for name, e in vevents(feed(client, "/events/copy/calendar.ics")).items()
    }
    assert when == {
        name: (str(e["DTSTART"].to_ical()), e.get("RRULE"))
        for name, e in vevents(exported).items()
    }
