"""The events admin: list, create (with recurring rules inline), bad input, actions."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from pydotorg.domains.events.models import Event, EventOccurrence, RecurringRule
from pydotorg.extensions import db
from tests.factories.events import (
    CalendarFactory,
    EventCategoryFactory,
    EventFactory,
    EventLocationFactory,
    EventOccurrenceFactory,
    RecurringRuleFactory,
)
from tests.fixtures.admin_forms import admin_action, admin_form


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def soon(days: int, hour: int = 18) -> datetime:
    """A date near today, so generated occurrences fall inside the stored window."""
    base = datetime.now(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + timedelta(days=days)


def stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture
def calendar(session):
    calendar = CalendarFactory(name="Python Events")
    db.session.commit()
    return calendar


@pytest.mark.parametrize(
    "table",
    [
        "calendars", "events", "event_categories", "event_locations",
        "event_occurrences", "event_recurring_rules",
    ],
)  # fmt: skip
def test_every_events_list_and_create_page_answers(staff_client, table):
    rule = RecurringRuleFactory()
    EventOccurrenceFactory(event=rule.event)
    EventCategoryFactory(calendar=rule.event.calendar)
    EventLocationFactory(calendar=rule.event.calendar)
    db.session.commit()
    assert staff_client.get(f"/admin/{table}/").status_code == 200
    assert staff_client.get(f"/admin/{table}/new/").status_code == 200


def test_rule_list_shows_event_title_frequency_and_duration(staff_client):
    RecurringRuleFactory(
        event=EventFactory(title="Monthly meetup"),
        duration=timedelta(hours=2, minutes=30),
    )
    db.session.commit()
    page = staff_client.get("/admin/event_recurring_rules/").get_data(as_text=True)
    assert "Monthly meetup" in page
    assert "weekly" in page
    assert "2 hours 30 min" in page


def test_create_an_event_with_a_rule_generates_its_occurrences(
    staff_client, calendar, superuser
):
    category = EventCategoryFactory(calendar=calendar, name="Meetups")
    db.session.commit()
    begin = soon(1)
    data = {
        "title": "Weekly office hours",
        "calendar": str(calendar.id),
        "categories": [str(category.id)],
        "content_type": "RESTRUCTUREDTEXT",
        "description": "Bring questions.",
        "recurring_rules-0-begin": stamp(begin),
        "recurring_rules-0-finish": stamp(begin + timedelta(days=21)),
        "recurring_rules-0-duration": "1 hour 30 min",
        "recurring_rules-0-interval": "1",
        "recurring_rules-0-frequency": "2",
    }
    response = admin_form(staff_client, "/admin/events/new/", data)
    assert response.status_code == 302
    event = db.session.scalar(sa.select(Event))
    assert (event.slug, event.name, event.creator_id) == (
        "weekly-office-hours", "Weekly office hours", superuser.id,
    )  # fmt: skip
    assert [c.name for c in event.categories] == ["Meetups"]
    assert event.recurring_rules[0].duration == timedelta(hours=1, minutes=30)
    assert len(event.occurrences) == 4
    assert event.occurrences[0].dt_end - event.occurrences[0].dt_start == timedelta(
        hours=1, minutes=30
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"slug": "taken"}, "Already exists."),
        ({"content_type": "WORD"}, "Not a valid choice"),
        ({"recurring_rules-0-duration": "a fortnight"}, "Not a valid duration"),
        ({"recurring_rules-0-frequency": "7"}, "Not a valid choice"),
        (
            {"recurring_rules-0-finish": "2020-01-01 00:00:00"},
            "cannot finish before it begins",
        ),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(
    staff_client, calendar, change, message
):
    EventFactory(slug="taken", calendar=calendar)
    db.session.commit()
    before = (count(Event), count(RecurringRule))
    begin = soon(1)
    data = {
        "title": "Meetup", "calendar": str(calendar.id), "content_type": "MARKDOWN",
        "recurring_rules-0-begin": stamp(begin),
        "recurring_rules-0-finish": stamp(begin + timedelta(days=7)),
        "recurring_rules-0-duration": "2 hours", "recurring_rules-0-interval": "1",
        "recurring_rules-0-frequency": "2",
    }  # fmt: skip
    response = admin_form(staff_client, "/admin/events/new/", {**data, **change})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert (count(Event), count(RecurringRule)) == before


def test_the_occurrences_are_saved_in_the_events_own_transaction(
    staff_client, calendar, monkeypatch
):
    """If the occurrences cannot be made, the event is not saved either."""
    from pydotorg.domains.events.services import EventError, EventService

    def fail(self, event, now=None):
        raise EventError("The rule makes too many occurrences.")

    monkeypatch.setattr(EventService, "regenerate_occurrences", fail)
    begin = soon(1)
    data = {
        "title": "Meetup", "calendar": str(calendar.id), "content_type": "MARKDOWN",
        "recurring_rules-0-begin": stamp(begin),
        "recurring_rules-0-finish": stamp(begin + timedelta(days=7)),
        "recurring_rules-0-duration": "2 hours", "recurring_rules-0-interval": "1",
        "recurring_rules-0-frequency": "2",
    }  # fmt: skip
    response = admin_form(staff_client, "/admin/events/new/", data)
    assert response.status_code == 200
    assert "too many occurrences" in response.get_data(as_text=True)
    assert (count(Event), count(RecurringRule), count(EventOccurrence)) == (0, 0, 0)


def test_edit_an_event(staff_client, calendar):
    event = EventFactory(title="Old title", calendar=calendar)
    db.session.commit()
    url = f"/admin/events/edit/?id={event.id}"
    data = {
        "title": "New title",
        "slug": event.slug,
        "calendar": str(calendar.id),
        "content_type": "MARKDOWN",
        "featured": "y",
    }
    assert admin_form(staff_client, url, data).status_code == 302
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert (saved.title, saved.featured) == ("New title", True)


def test_adding_a_rule_in_its_own_view_regenerates_the_event(staff_client, calendar):
    event = EventFactory(calendar=calendar)
    db.session.commit()
    begin = soon(2)
    data = {
        "event": str(event.id), "begin": stamp(begin),
        "finish": stamp(begin + timedelta(days=2)), "duration": "01:00",
        "interval": "1", "frequency": "3",
    }  # fmt: skip
    assert (
        admin_form(staff_client, "/admin/event_recurring_rules/new/", data).status_code
        == 302
    )
    assert count(EventOccurrence) == 3


def test_an_occurrence_that_ends_before_it_starts_is_refused(staff_client, calendar):
    event = EventFactory(calendar=calendar)
    db.session.commit()
    data = {
        "event": str(event.id),
        "dt_start": "2030-05-02 10:00:00",
        "dt_end": "2030-05-01 10:00:00",
    }
    response = admin_form(staff_client, "/admin/event_occurrences/new/", data)
    assert "cannot end before it starts" in response.get_data(as_text=True)
    assert count(EventOccurrence) == 0


def test_regenerate_action(staff_client):
    begin = soon(1)
    rule = RecurringRuleFactory(begin=begin, finish=begin + timedelta(days=14))
    db.session.commit()
    page = admin_action(staff_client, "events", "regenerate", [rule.event_id]).get_data(
        as_text=True
    )
    assert "3 occurrence(s) generated." in page
    assert count(EventOccurrence) == 3


def test_editing_an_inline_rule_regenerates_the_occurrences(staff_client, calendar):
    begin = soon(1)
    rule = RecurringRuleFactory(
        event=EventFactory(calendar=calendar),
        begin=begin,
        finish=begin + timedelta(days=14),
    )
    db.session.commit()
    url = f"/admin/events/edit/?id={rule.event_id}"
    page = staff_client.get(url).get_data(as_text=True)
    assert "2 hours" in page  # the duration is shown as text
    data = {
        "title": rule.event.title, "slug": rule.event.slug, "calendar": str(calendar.id),
        "content_type": "MARKDOWN",
        "recurring_rules-0-id": str(rule.id),
        "recurring_rules-0-begin": stamp(begin),
        "recurring_rules-0-finish": stamp(begin + timedelta(days=3)),
        "recurring_rules-0-duration": "45 min", "recurring_rules-0-interval": "1",
        "recurring_rules-0-frequency": "3",
    }  # fmt: skip
    assert admin_form(staff_client, url, data).status_code == 302
    db.session.expire_all()
    occurrences = db.session.scalars(sa.select(EventOccurrence)).all()
    assert len(occurrences) == 4
    assert {o.dt_end - o.dt_start for o in occurrences} == {timedelta(minutes=45)}
    assert count(RecurringRule) == 1


@pytest.mark.parametrize(
    ("table", "make"),
    [
        ("calendars", lambda: CalendarFactory()),
        ("event_categories", lambda: EventCategoryFactory()),
        ("event_locations", lambda: EventLocationFactory()),
        ("event_occurrences", lambda: EventOccurrenceFactory()),
        ("event_recurring_rules", lambda: RecurringRuleFactory()),
    ],
)
def test_every_events_edit_page_answers(staff_client, table, make):
    row = make()
    db.session.commit()
    assert staff_client.get(f"/admin/{table}/edit/?id={row.id}").status_code == 200
