"""``flask events import-ics``: upsert events from an iCalendar file by UID."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from pydotorg.domains.events.ics_import import EventImportService, ICSImportError
from pydotorg.domains.events.models import (
    Event,
    EventLocation,
    EventOccurrence,
    RecurrenceFrequency,
    RecurringRule,
)
from pydotorg.extensions import db
from tests.factories.events import CalendarFactory

SAMPLE = Path(__file__).parent / "data" / "sample.ics"
NOW = datetime(2030, 1, 1, tzinfo=UTC)


@pytest.fixture
def calendar(session):
    calendar = CalendarFactory(name="Python Events", slug="python-events")
    db.session.commit()
    return calendar


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def event(uid):
    return db.session.scalar(sa.select(Event).where(Event.uid == uid))


def import_sample(calendar, data=None):
    result = EventImportService(db.session).import_ics(
        data if data is not None else SAMPLE.read_bytes(), calendar, now=NOW
    )
    db.session.commit()
    return result


def test_cli_creates_events_and_reports_what_it_did(runner, calendar):
    result = runner.invoke(
        args=["events", "import-ics", str(SAMPLE), "--calendar", "python-events"]
    )
    assert result.exit_code == 0, result.output
    assert "created: Berlin Python sprint" in result.output
    assert "warning: skipped UID meetup-weekly@example.org" in result.output
    assert "recurrence of UID first-monday@example.org not imported" in result.output
    assert "5 created, 0 updated, 0 unchanged, 1 skipped." in result.output
    assert count(Event) == 5


def test_a_timed_event_is_stored_in_utc_with_its_venue(calendar):
    import_sample(calendar)
    sprint = event("sprint-2030@example.org")
    assert sprint.calendar == calendar
    assert sprint.title == sprint.name == "Berlin Python sprint"
    assert sprint.venue.name == "c-base, Berlin"
    assert sprint.venue.calendar == calendar
    [occurrence] = sprint.occurrences
    # 10:00 in Berlin in May (CEST) is 08:00 UTC.
    assert occurrence.dt_start == datetime(2030, 5, 6, 8, tzinfo=UTC)
    assert occurrence.dt_end == datetime(2030, 5, 6, 15, 30, tzinfo=UTC)
    assert occurrence.all_day is False
    assert sprint.description == (
        "<p>Bring a laptop.</p>\n<p>We hack on CPython &amp; friends &lt;3</p>"
    )


def test_dates_make_an_all_day_event_ending_on_its_last_day(calendar, client):
    import_sample(calendar)
    pycon = event("pycon-2030@example.org")
    [occurrence] = pycon.occurrences
    assert occurrence.all_day is True
    assert occurrence.dt_start == datetime(2030, 5, 15, tzinfo=UTC)
    # DTEND is exclusive: the conference runs 15-17 May.
    assert occurrence.dt_end == datetime(2030, 5, 17, tzinfo=UTC)
    assert "<script>" not in pycon.description
    assert "<b>talks</b>" in pycon.description
    page = client.get(f"/events/python-events/{pycon.slug}/").get_data(as_text=True)
    assert "15 May 2030" in page and "17 May 2030" in page


def test_a_missing_dtend_ends_the_event_at_its_start(calendar):
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a@x\r\n"
        "DTSTART:20300301T120000Z\r\nSUMMARY:Lightning talk\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    import_sample(calendar, ics)
    [occurrence] = event("a@x").occurrences
    assert (
        occurrence.dt_start == occurrence.dt_end == datetime(2030, 3, 1, 12, tzinfo=UTC)
    )


def test_a_count_rule_becomes_a_recurring_rule_with_occurrences(calendar):
    import_sample(calendar)
    meetup = event("meetup-weekly@example.org")
    [rule] = meetup.recurring_rules
    assert rule.frequency == int(RecurrenceFrequency.WEEKLY)
    assert rule.interval == 1
    # Floating times are taken as UTC; COUNT=4 finishes on the fourth Monday.
    assert rule.begin == datetime(2030, 1, 7, 18, tzinfo=UTC)
    assert rule.finish == datetime(2030, 1, 28, 18, tzinfo=UTC)
    assert rule.duration == timedelta(hours=2)
    assert [o.dt_start.day for o in meetup.occurrences] == [7, 14, 21, 28]
    assert all(o.recurring_rule == rule for o in meetup.occurrences)
    assert meetup.venue.name == "Convention Centre"


def test_interval_and_until_are_mapped(calendar):
    import_sample(calendar)
    board = event("board-call@example.org")
    [rule] = board.recurring_rules
    assert (rule.frequency, rule.interval) == (int(RecurrenceFrequency.MONTHLY), 2)
    assert rule.finish == datetime(2030, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert rule.duration == timedelta(hours=1)
    assert [o.dt_start.month for o in board.occurrences] == [1, 3, 5, 7, 9, 11]


def test_an_unsupported_rule_keeps_the_event_as_a_one_off(calendar):
    result = import_sample(calendar)
    office_hours = event("first-monday@example.org")
    assert office_hours.recurring_rules == []
    [occurrence] = office_hours.occurrences
    assert occurrence.dt_start == datetime(2030, 2, 4, 17, tzinfo=UTC)
    assert any("BYDAY=1MO is not supported" in w for w in result.warnings)


def test_reimport_updates_events_instead_of_duplicating(calendar, runner):
    import_sample(calendar)
    counts = (count(Event), count(EventLocation), count(RecurringRule))
    occurrences = count(EventOccurrence)
    changed = SAMPLE.read_text().replace(
        "SUMMARY:Berlin Python sprint", "SUMMARY:Berlin Python sprint (2 days)"
    )
    changed = changed.replace("COUNT=4", "COUNT=2")
    result = import_sample(calendar, changed)
    assert result.created == [] and len(result.updated) == 5
    db.session.expire_all()
    assert (count(Event), count(EventLocation), count(RecurringRule)) == counts
    assert count(EventOccurrence) == occurrences - 2
    assert event("sprint-2030@example.org").title == "Berlin Python sprint (2 days)"
    assert len(event("meetup-weekly@example.org").occurrences) == 2


def test_the_same_uid_in_another_calendar_is_another_event(calendar):
    import_sample(calendar)
    import_sample(CalendarFactory())
    assert count(Event) == 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not a calendar\n", "Not a valid iCalendar file"),
        # A good event, then the file is cut off: the good one isn't saved either.
        (
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:ok@x\r\nSUMMARY:Fine\r\n"
            "DTSTART:20300301T120000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:x\r\n",
            "Found no components",
        ),
        (
            "BEGIN:VEVENT\r\nUID:x\r\nSUMMARY:y\r\nEND:VEVENT\r\n",
            "not a VCALENDAR",
        ),
        ("", "Not a valid iCalendar file"),
    ],
)
def test_a_malformed_file_fails_cleanly_and_saves_nothing(
    runner, calendar, tmp_path, content, message
):
    bad = tmp_path / "bad.ics"
    bad.write_text(content)
    result = runner.invoke(
        args=["events", "import-ics", str(bad), "--calendar", "python-events"]
    )
    assert result.exit_code == 1
    assert "Error: bad.ics: Not a valid iCalendar file" in result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert count(Event) == 0


def test_the_service_raises_for_a_malformed_file(calendar):
    with pytest.raises(ICSImportError):
        EventImportService(db.session).import_ics(b"garbage", calendar)


def test_a_broken_event_is_skipped_and_the_rest_imported(calendar):
    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nUID:bad@x\r\nDTSTART:2030XX01\r\nSUMMARY:Bad\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nDTSTART:20300301T120000Z\r\nSUMMARY:No uid\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:good@x\r\nDTSTART:20300301T120000Z\r\nSUMMARY:Good\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = import_sample(calendar, ics)
    assert [e.uid for e in result.created] == ["good@x"]
    assert result.skipped == 2
    assert "skipped UID bad@x: its DTSTART is not valid" in result.warnings[0]
    assert "has no UID" in result.warnings[1]


def test_an_unknown_calendar_or_file_is_an_error(runner, calendar, tmp_path):
    result = runner.invoke(
        args=["events", "import-ics", str(SAMPLE), "--calendar", "nope"]
    )
    assert result.exit_code == 1
    assert "No calendar with the slug 'nope'" in result.output
    result = runner.invoke(
        args=["events", "import-ics", str(tmp_path / "missing.ics"), "--calendar", "x"]
    )
    assert result.exit_code == 2
    assert count(Event) == 0
