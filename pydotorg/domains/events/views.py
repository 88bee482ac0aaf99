"""Public pages of the events domain: upcoming occurrences, per calendar, one event."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from pydotorg.core.pagination import paginate
from pydotorg.domains.events.ical import calendar_ics
from pydotorg.domains.events.services import CalendarService, EventService
from pydotorg.domains.events.structured_data import event_structured_data
from pydotorg.extensions import db

bp = Blueprint("events", __name__, url_prefix="/events", cli_group="events")

OCCURRENCES_PER_PAGE = 20


@bp.route("/")
def upcoming() -> str:
    page = paginate(EventService(db.session).upcoming_statement(), OCCURRENCES_PER_PAGE)
    calendars = CalendarService(db.session).all()
    return render_template(
        "events/upcoming.html", page=page, calendars=calendars, calendar=None
    )


@bp.route("/<calendar_slug>/")
def calendar_detail(calendar_slug: str) -> str:
    calendar = CalendarService(db.session).get_by_slug(calendar_slug)
    if calendar is None:
        abort(404)
    page = paginate(
        EventService(db.session).upcoming_statement(calendar), OCCURRENCES_PER_PAGE
    )
    return render_template(
        "events/upcoming.html", page=page, calendars=None, calendar=calendar
    )


@bp.route("/<calendar_slug>/<slug>/")
def event_detail(calendar_slug: str, slug: str) -> str:
    service = EventService(db.session)
    calendar = CalendarService(db.session).get_by_slug(calendar_slug)
    event = service.get(calendar, slug) if calendar is not None else None
    if event is None:
        abort(404)
    next_times = service.next_occurrences(event, count=5)
    slot = next_times[0] if next_times else service.last_time(event)
    return render_template(
        "events/detail.html",
        event=event,
        calendar=calendar,
        next_times=next_times,
        structured_data=event_structured_data(event, slot, request.path)
        if slot
        else None,
    )


ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


@bp.route("/calendar.ics")
def all_events_ics() -> Response:
    events = EventService(db.session).for_feed()
    return Response(calendar_ics(events, None), content_type=ICS_CONTENT_TYPE)


@bp.route("/<calendar_slug>/calendar.ics")
def calendar_ics_feed(calendar_slug: str) -> Response:
    calendar = CalendarService(db.session).get_by_slug(calendar_slug)
    if calendar is None:
        abort(404)
    events = EventService(db.session).for_feed(calendar)
    return Response(calendar_ics(events, calendar), content_type=ICS_CONTENT_TYPE)
