"""An event edited with all its dates in one form: its zone, one-off dates and
recurring rules inline (until a date or a number of times), and a preview."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import sqlalchemy as sa

from pydotorg.core.history import ChangeLogEntry
from pydotorg.domains.events.models import Event, EventOccurrence, RecurringRule
from pydotorg.domains.events.services import EventError, EventService
from pydotorg.extensions import db
from tests.factories.events import CalendarFactory, EventFactory
from tests.fixtures.admin_forms import admin_form, admin_post, form_values


def field_errors(html: str) -> list[str]:
    """The error texts shown under the form's fields."""
    blocks = re.findall(r'<div class="invalid-feedback">(.*?)</div>', html, re.DOTALL)
    return [unescape(re.sub(r"<[^>]+>|\s+", " ", block)).strip() for block in blocks]


def stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def soon(days: int) -> datetime:
    """A wall-clock date near today (generated occurrences fall in the stored window)."""
    today = datetime.now(UTC).replace(tzinfo=None)
    return today.replace(hour=18, minute=0, second=0, microsecond=0) + timedelta(days)


@pytest.fixture
def calendar(session):
    calendar = CalendarFactory(name="Python Events", slug="python-events")
    db.session.commit()
    return calendar


def event_data(calendar, **extra):
    return {
        "title": "Berlin Python",
        "calendar": str(calendar.id),
        "content_type": "MARKDOWN",
        "time_zone": "Europe/Berlin",
        **extra,
    }


def only_event():
    db.session.expire_all()
    return db.session.scalar(sa.select(Event))


def test_the_create_form_starts_in_the_sites_zone_with_dates_inline(
    app, staff_client, calendar, monkeypatch
):
    monkeypatch.setitem(app.config, "TIME_ZONE", "America/New_York")
    html = staff_client.get("/admin/events/new/").get_data(as_text=True)
    assert form_values(html)["time_zone"] == "America/New_York"
    assert "One-off dates" in html and "Recurring rules" in html
    # The rows to add are templates (escaped in an attribute) until "Add" is pressed.
    for label in ("Start", "End", "All day", "Lasts", "Until", "Count", "Interval"):
        assert f"&gt;{label}" in html, label


def test_one_form_saves_one_off_dates_and_a_counted_rule_in_the_events_zone(
    staff_client, calendar
):
    begin = soon(1)
    data = event_data(
        calendar,
        **{
            "one_off_occurrences-0-dt_start": "2030-07-01 18:00:00",
            "one_off_occurrences-0-dt_end": "2030-07-01 20:00:00",
            "one_off_occurrences-1-dt_start": "2030-12-24 00:00:00",
            "one_off_occurrences-1-dt_end": "2030-12-26 00:00:00",
            "one_off_occurrences-1-all_day": "y",
            "recurring_rules-0-begin": stamp(begin),
            "recurring_rules-0-duration": "2 hours",
            "recurring_rules-0-frequency": "2",
            "recurring_rules-0-interval": "1",
            "recurring_rules-0-count": "3",
        },
    )
    response = admin_form(staff_client, "/admin/events/new/", data)
    assert response.status_code == 302, response.get_data(as_text=True)

    event = only_event()
    assert event.time_zone == "Europe/Berlin"
    summer, christmas = event.one_off_occurrences
    # 18:00 in Berlin in July is 16:00 UTC; an all-day date stays a date.
    assert summer.dt_start == datetime(2030, 7, 1, 16, tzinfo=UTC)
    assert christmas.dt_start == datetime(2030, 12, 24, tzinfo=UTC)
    assert christmas.all_day
    (rule,) = event.recurring_rules
    assert rule.count == 3
    generated = [o for o in event.occurrences if o.recurring_rule_id == rule.id]
    assert len(generated) == 3
    assert rule.finish == generated[-1].dt_start
    berlin = [o.dt_start.astimezone(rule.zone).hour for o in generated]
    assert berlin == [18, 18, 18]


def test_the_edit_form_shows_local_times_and_saves_back_unchanged(
    staff_client, calendar
):
    begin = soon(2)
    data = event_data(
        calendar,
        **{
            "one_off_occurrences-0-dt_start": "2030-01-10 09:30:00",
            "one_off_occurrences-0-dt_end": "2030-01-10 17:00:00",
            "recurring_rules-0-begin": stamp(begin),
            "recurring_rules-0-duration": "1 hour",
            "recurring_rules-0-frequency": "2",
            "recurring_rules-0-interval": "2",
            "recurring_rules-0-count": "4",
        },
    )
    assert admin_form(staff_client, "/admin/events/new/", data).status_code == 302
    event = only_event()
    before = sorted((o.dt_start, o.dt_end) for o in event.occurrences)
    url = f"/admin/events/edit/?id={event.id}"

    shown = form_values(staff_client.get(url).get_data(as_text=True))
    assert shown["one_off_occurrences-0-dt_start"] == "2030-01-10 09:30:00"
    assert shown["recurring_rules-0-begin"] == stamp(begin)
    assert shown["recurring_rules-0-count"] == "4"
    assert shown["recurring_rules-0-finish"] == ""  # the count decides

    assert admin_form(staff_client, url, shown).status_code == 302
    after = only_event()
    assert sorted((o.dt_start, o.dt_end) for o in after.occurrences) == before


def test_the_edit_page_previews_the_next_times_in_the_events_zone(
    staff_client, calendar
):
    event = EventFactory(calendar=calendar, time_zone="Asia/Tokyo")
    db.session.add(
        EventOccurrence(
            event=event,
            dt_start=datetime(2031, 3, 1, 1, tzinfo=UTC),
            dt_end=datetime(2031, 3, 1, 3, tzinfo=UTC),
        )
    )
    db.session.commit()
    html = staff_client.get(f"/admin/events/edit/?id={event.id}").get_data(as_text=True)
    preview = html[html.index("Next times") :]
    assert "Sat 01 Mar 2031, 10:00 to 12:00 JST" in preview


def test_the_preview_says_when_there_are_no_dates(staff_client, calendar):
    event = EventFactory(calendar=calendar)
    db.session.commit()
    html = staff_client.get(f"/admin/events/edit/?id={event.id}").get_data(as_text=True)
    assert "No upcoming dates" in html


RULE = {
    "recurring_rules-0-begin": "2030-01-07 18:00:00",
    "recurring_rules-0-duration": "1 hour",
    "recurring_rules-0-frequency": "2",
    "recurring_rules-0-interval": "1",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {**RULE, "recurring_rules-0-finish": "2030-03-01 00:00:00",
             "recurring_rules-0-count": "3"},
            "Give an “until” date or a count, not both.",
        ),
        (RULE, "Give an “until” date or a count."),
        (
            {**RULE, "recurring_rules-0-finish": "2029-12-31 18:00:00"},
            "A recurring rule cannot finish before it begins.",
        ),
        ({**RULE, "recurring_rules-0-count": "0"}, "Number must be between 1 and"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Not a valid choice"),
        (
            {"one_off_occurrences-0-dt_start": "2030-05-02 10:00:00",
             "one_off_occurrences-0-dt_end": "2030-05-01 10:00:00"},
            "A date cannot end before it starts.",
        ),
        (
            {"one_off_occurrences-0-dt_start": "the second of May",
             "one_off_occurrences-0-dt_end": "2030-05-01 10:00:00"},
            "Not a valid datetime value.",
        ),
    ],
)  # fmt: skip
def test_bad_dates_are_field_errors_and_save_nothing(
    staff_client, calendar, change, message
):
    response = admin_form(
        staff_client, "/admin/events/new/", event_data(calendar, **change)
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # Each is shown under its own field, not only as a message atop the page.
    assert message in " ".join(field_errors(html))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Event)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RecurringRule)) == 0


def test_deleting_a_one_off_date_inline(staff_client, calendar):
    data = event_data(
        calendar,
        **{
            "one_off_occurrences-0-dt_start": "2030-07-01 18:00:00",
            "one_off_occurrences-0-dt_end": "2030-07-01 20:00:00",
        },
    )
    assert admin_form(staff_client, "/admin/events/new/", data).status_code == 302
    event = only_event()
    url = f"/admin/events/edit/?id={event.id}"
    shown = form_values(staff_client.get(url).get_data(as_text=True))
    shown["del-one_off_occurrences-0"] = "y"
    assert admin_form(staff_client, url, shown).status_code == 302
    assert only_event().occurrences == []


def test_the_service_refuses_an_unknown_zone_and_a_too_large_count(session):
    event = EventFactory(time_zone="Europe/Atlantis")
    with pytest.raises(EventError, match="not a time zone name"):
        EventService(db.session).save_dates(event)
    event.time_zone = "UTC"
    with db.session.no_autoflush:
        event.recurring_rules.append(
            RecurringRule(
                begin=datetime(2030, 1, 1, tzinfo=UTC),
                count=10_000,
                interval=1,
                frequency=2,
                duration=timedelta(hours=1),
            )
        )
        with pytest.raises(EventError, match="between 1 and"):
            EventService(db.session).save_dates(event)


def test_a_rule_on_its_own_takes_a_count_instead_of_an_until_date(
    staff_client, calendar
):
    event = EventFactory(calendar=calendar)
    db.session.commit()
    begin = soon(1)
    data = {
        "event": str(event.id), "begin": stamp(begin), "duration": "01:00",
        "interval": "1", "frequency": "3", "count": "2",
    }  # fmt: skip
    url = "/admin/event_recurring_rules/new/"
    assert admin_form(staff_client, url, data).status_code == 302
    rule = db.session.scalar(sa.select(RecurringRule))
    assert rule.count == 2
    assert rule.finish == (begin + timedelta(days=1)).replace(tzinfo=UTC)
    edit = f"/admin/event_recurring_rules/edit/?id={rule.id}"
    shown = form_values(staff_client.get(edit).get_data(as_text=True))
    assert shown["finish"] == ""
    assert admin_form(staff_client, edit, shown).status_code == 302
    both = {**data, "finish": stamp(begin + timedelta(days=9))}
    response = admin_form(staff_client, url, both)
    assert "Give an “until” date or a count, not both." in response.text


def test_restoring_an_events_earlier_zone_keeps_its_dates_and_counts(
    staff_client, calendar
):
    begin = soon(1)
    data = event_data(
        calendar,
        time_zone="UTC",
        **{
            "recurring_rules-0-begin": stamp(begin),
            "recurring_rules-0-duration": "1 hour",
            "recurring_rules-0-frequency": "2",
            "recurring_rules-0-interval": "1",
            "recurring_rules-0-count": "2",
        },
    )
    assert admin_form(staff_client, "/admin/events/new/", data).status_code == 302
    event = only_event()
    url = f"/admin/events/edit/?id={event.id}"
    shown = form_values(staff_client.get(url).get_data(as_text=True))
    shown["time_zone"] = "Europe/Berlin"
    assert admin_form(staff_client, url, shown).status_code == 302
    assert only_event().time_zone == "Europe/Berlin"
    created = db.session.scalars(
        sa.select(ChangeLogEntry)
        .where(ChangeLogEntry.table_name == "events")
        .order_by(ChangeLogEntry.id)
    ).first()

    history = f"/admin/events/changes/?id={event.id}"
    response = admin_post(
        staff_client,
        history,
        "/admin/events/changes/restore/",
        {"id": str(event.id), "entry": str(created.id)},
        follow_redirects=True,
    )

    assert "Restored the state" in response.get_data(as_text=True)
    restored = only_event()
    assert restored.time_zone == "UTC"
    (rule,) = restored.recurring_rules
    assert rule.count == 2
    assert len([o for o in restored.occurrences if o.recurring_rule_id]) == 2
