"""schema.org ``Event`` for an event page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydotorg.core.seo import iso, schema, site_url, thing
from pydotorg.domains.events.ical import plain_description
from pydotorg.domains.events.models import Event
from pydotorg.domains.events.services import Slot

OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
ONLINE = "https://schema.org/OnlineEventAttendanceMode"


def _moment(value: datetime, all_day: bool) -> str | None:
    return iso(value.date() if all_day else value)


def event_structured_data(event: Event, slot: Slot | None, url: str) -> dict[str, Any]:
    """The event at ``slot`` (its next date, else its last one); None without a date."""
    page = site_url(url)
    venue = event.venue
    if venue is not None:
        location = thing(
            "Place",
            name=venue.name,
            address=venue.address or venue.name,
            url=venue.url or None,
        )
    else:
        location = thing("VirtualLocation", url=page)
    return schema(
        "Event",
        name=event.title,
        description=plain_description(event) or None,
        startDate=_moment(slot.start, slot.all_day) if slot else None,
        endDate=_moment(slot.end, slot.all_day) if slot else None,
        eventStatus="https://schema.org/EventScheduled",
        eventAttendanceMode=OFFLINE if venue is not None else ONLINE,
        location=location,
        url=page,
        organizer=thing(
            "Organization",
            name=event.calendar.name,
            url=site_url(f"/events/{event.calendar.slug}/"),
        ),
    )
