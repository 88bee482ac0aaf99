"""Public pages of the events domain: upcoming occurrences, per calendar, one event."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, render_template

from pydotorg.core.pagination import paginate
from pydotorg.domains.events.services import CalendarService, EventService
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


@bp.route("/<calendar_slug>/date/<int:year>/<int:month>/<int:day>/")
def calendar_day(calendar_slug: str, year: int, month: int, day: int) -> str:
    """python.org's one-day list of a calendar: what runs on that date (UTC)."""
    calendar = CalendarService(db.session).get_by_slug(calendar_slug)
    if calendar is None:
        abort(404)
    try:
        the_day = date(year, month, day)
    except ValueError:
        abort(404)  # 2026/02/30 is no day
    occurrences = list(
        db.session.scalars(EventService(db.session).on_day_statement(calendar, the_day))
    )
    return render_template(
        "events/day.html", calendar=calendar, day=the_day, occurrences=occurrences
    )


@bp.route("/<calendar_slug>/<slug>/")
def event_detail(calendar_slug: str, slug: str) -> str:
    service = EventService(db.session)
    calendar = CalendarService(db.session).get_by_slug(calendar_slug)
    event = service.get(calendar, slug) if calendar is not None else None
    if event is None:
        abort(404)
    return render_template(
        "events/detail.html",
        event=event,
        calendar=calendar,
        next_times=service.next_occurrences(event, count=5),
    )
