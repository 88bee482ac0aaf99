"""Public pages of the events domain: upcoming and past occurrences, per calendar,
category and location (each with an RSS feed), one event, iCalendar feeds, and the
form visitors use to propose an event."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import Select

from pydotorg.core.feeds import Feed, FeedItem, rss_response
from pydotorg.core.pagination import paginate
from pydotorg.domains.events.forms import EventSubmissionForm
from pydotorg.domains.events.ical import calendar_ics
from pydotorg.domains.events.models import Calendar, EventOccurrence
from pydotorg.domains.events.services import (
    CalendarService,
    EventService,
    EventSubmissionService,
)
from pydotorg.domains.events.structured_data import event_structured_data
from pydotorg.extensions import db, limiter

bp = Blueprint("events", __name__, url_prefix="/events", cli_group="events")

OCCURRENCES_PER_PAGE = 20
FEED_SIZE = 20
SIDEBAR_SIZE = 10
SUBMIT_LIMIT = "10 per hour"
ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_or_404(slug: str) -> Calendar:
    calendar = CalendarService(db.session).get_by_slug(slug)
    if calendar is None:
        abort(404)
    return calendar


def _listing(
    statement: Select[Any],
    *,
    heading: str,
    calendar: Calendar | None,
    endpoint: str,
    feed_endpoint: str,
    empty: str = "No upcoming events.",
    **args: Any,
) -> str:
    """One paginated list of occurrences, with its RSS feed advertised."""
    calendars = CalendarService(db.session)
    return render_template(
        "events/upcoming.html",
        page=paginate(statement, OCCURRENCES_PER_PAGE),
        heading=heading,
        calendar=calendar,
        calendars=None if calendar else calendars.all(),
        categories=calendars.categories(calendar)[:SIDEBAR_SIZE] if calendar else [],
        locations=calendars.locations(calendar)[:SIDEBAR_SIZE] if calendar else [],
        list_endpoint=endpoint,
        list_args=args,
        feed_url=url_for(feed_endpoint, **args),
        empty=empty,
    )


def _feed(statement: Select[Any], title: str, link: str) -> Response:
    """RSS of the occurrences, one item per event (the first time it is listed)."""
    items: list[FeedItem] = []
    seen: set[uuid.UUID] = set()
    occurrences: list[EventOccurrence] = list(
        db.session.scalars(statement.limit(FEED_SIZE * 5))
    )
    for occurrence in occurrences:
        event = occurrence.event
        if event.id in seen:
            continue
        seen.add(event.id)
        when = occurrence.dt_start.strftime(
            "%d %B %Y" if occurrence.all_day else "%d %B %Y %H:%M UTC"
        )
        where = f", {event.venue.name}" if event.venue else ""
        description = f"<p>{when}{where}</p>" + event.description_rendered
        items.append(
            FeedItem(
                title=event.title,
                link=url_for(
                    "events.event_detail",
                    calendar_slug=event.calendar.slug,
                    slug=event.slug,
                    _external=True,
                ),
                description=description,
                pub_date=occurrence.dt_start,
            )
        )
        if len(items) == FEED_SIZE:
            break
    return rss_response(Feed(title=title, link=link, description=title, items=items))


# -- every calendar --------------------------------------------------------------


@bp.route("/")
def upcoming() -> str:
    return _listing(
        EventService(db.session).upcoming_statement(),
        heading="Upcoming Python events",
        calendar=None,
        endpoint="events.upcoming",
        feed_endpoint="events.upcoming_feed",
    )


@bp.route("/feed.rss")
def upcoming_feed() -> Response:
    return _feed(
        EventService(db.session).upcoming_statement(),
        "Upcoming Python events",
        url_for("events.upcoming", _external=True),
    )


@bp.route("/calendars/")
def calendar_list() -> str:
    return render_template(
        "events/calendars.html", calendars=CalendarService(db.session).all()
    )


@bp.route("/calendar.ics")
def all_events_ics() -> Response:
    events = EventService(db.session).for_feed()
    return Response(calendar_ics(events, None), content_type=ICS_CONTENT_TYPE)


# -- one calendar ------------------------------------------------------------------


@bp.route("/<calendar_slug>/")
def calendar_detail(calendar_slug: str) -> str:
    calendar = _calendar_or_404(calendar_slug)
    return _listing(
        EventService(db.session).upcoming_statement(calendar),
        heading=calendar.name,
        calendar=calendar,
        endpoint="events.calendar_detail",
        feed_endpoint="events.calendar_feed",
        calendar_slug=calendar.slug,
    )


@bp.route("/<calendar_slug>/feed.rss")
def calendar_feed(calendar_slug: str) -> Response:
    calendar = _calendar_or_404(calendar_slug)
    return _feed(
        EventService(db.session).upcoming_statement(calendar),
        f"{calendar.name}: upcoming events",
        url_for("events.calendar_detail", calendar_slug=calendar.slug, _external=True),
    )


@bp.route("/<calendar_slug>/past/")
def past(calendar_slug: str) -> str:
    calendar = _calendar_or_404(calendar_slug)
    return _listing(
        EventService(db.session).past_statement(calendar),
        heading=f"{calendar.name}: past events",
        calendar=calendar,
        endpoint="events.past",
        feed_endpoint="events.past_feed",
        empty="No past events.",
        calendar_slug=calendar.slug,
    )


@bp.route("/<calendar_slug>/past/feed.rss")
def past_feed(calendar_slug: str) -> Response:
    calendar = _calendar_or_404(calendar_slug)
    return _feed(
        EventService(db.session).past_statement(calendar),
        f"{calendar.name}: past events",
        url_for("events.past", calendar_slug=calendar.slug, _external=True),
    )


@bp.route("/<calendar_slug>/categories/")
def category_list(calendar_slug: str) -> str:
    calendar = _calendar_or_404(calendar_slug)
    return render_template(
        "events/categories.html",
        calendar=calendar,
        categories=CalendarService(db.session).categories(calendar),
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


@bp.route("/<calendar_slug>/categories/<slug>/")
def category(calendar_slug: str, slug: str) -> str:
    calendar = _calendar_or_404(calendar_slug)
    chosen = CalendarService(db.session).category(calendar, slug) or abort(404)
    return _listing(
        EventService(db.session).upcoming_statement(calendar, category=chosen),
        heading=f"{calendar.name}: {chosen.name}",
        calendar=calendar,
        endpoint="events.category",
        feed_endpoint="events.category_feed",
        calendar_slug=calendar.slug,
        slug=chosen.slug,
    )


@bp.route("/<calendar_slug>/categories/<slug>/feed.rss")
def category_feed(calendar_slug: str, slug: str) -> Response:
    calendar = _calendar_or_404(calendar_slug)
    chosen = CalendarService(db.session).category(calendar, slug) or abort(404)
    return _feed(
        EventService(db.session).upcoming_statement(calendar, category=chosen),
        f"{calendar.name}: {chosen.name}",
        url_for(
            "events.category",
            calendar_slug=calendar.slug,
            slug=chosen.slug,
            _external=True,
        ),
    )


@bp.route("/<calendar_slug>/locations/")
def location_list(calendar_slug: str) -> str:
    calendar = _calendar_or_404(calendar_slug)
    return render_template(
        "events/locations.html",
        calendar=calendar,
        locations=CalendarService(db.session).locations(calendar),
    )


@bp.route("/<calendar_slug>/locations/<uuid:location_id>/")
def location(calendar_slug: str, location_id: uuid.UUID) -> str:
    calendar = _calendar_or_404(calendar_slug)
    venue = CalendarService(db.session).location(calendar, location_id) or abort(404)
    return _listing(
        EventService(db.session).upcoming_statement(calendar, location=venue),
        heading=f"{calendar.name}: events at {venue.name}",
        calendar=calendar,
        endpoint="events.location",
        feed_endpoint="events.location_feed",
        calendar_slug=calendar.slug,
        location_id=venue.id,
    )


@bp.route("/<calendar_slug>/locations/<uuid:location_id>/feed.rss")
def location_feed(calendar_slug: str, location_id: uuid.UUID) -> Response:
    calendar = _calendar_or_404(calendar_slug)
    venue = CalendarService(db.session).location(calendar, location_id) or abort(404)
    return _feed(
        EventService(db.session).upcoming_statement(calendar, location=venue),
        f"{calendar.name}: events at {venue.name}",
        url_for(
            "events.location",
            calendar_slug=calendar.slug,
            location_id=venue.id,
            _external=True,
        ),
    )


@bp.route("/<calendar_slug>/calendar.ics")
def calendar_ics_feed(calendar_slug: str) -> Response:
    calendar = _calendar_or_404(calendar_slug)
    events = EventService(db.session).for_feed(calendar)
    return Response(calendar_ics(events, calendar), content_type=ICS_CONTENT_TYPE)


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


# -- proposing an event -------------------------------------------------------------


@bp.route("/submit/", methods=["GET", "POST"])
@limiter.limit(SUBMIT_LIMIT, methods=["POST"])
@login_required
def submit() -> str | Response:
    form = EventSubmissionForm()
    if form.validate_on_submit():
        fields = {
            name: getattr(form, name).data
            for name in (
                "event_name", "event_type", "python_focus", "expected_attendees",
                "location", "date_from", "date_to", "recurrence", "url", "description",
            )
        }  # fmt: skip
        EventSubmissionService(db.session).submit(
            by=current_user._get_current_object(), submission=fields
        )
        # Nothing is stored; the commit lets the queued mail go out.
        db.session.commit()
        flash(
            "Thank you! The events team will review your event and add it to the "
            "calendar.",
            "success",
        )
        return redirect(url_for("events.upcoming"))
    return render_template("events/submit.html", form=form)
