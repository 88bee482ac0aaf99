"""Events, for site search (every event is public)."""

from __future__ import annotations

import sqlalchemy as sa
from markupsafe import escape

from pydotorg.core.search import Searchable, SearchDocument, plain_text
from pydotorg.domains.events.models import Event


def event_document(event: Event) -> SearchDocument | None:
    venue = f"<p>{escape(event.venue.name)}</p>" if event.venue is not None else ""
    return SearchDocument(
        str(event),
        plain_text(event.description_rendered, venue),
        endpoint="events.event_detail",
        values={"calendar_slug": event.calendar.slug, "slug": event.slug},
    )


SEARCHABLES = (
    Searchable("events", "Events", Event, event_document, lambda: sa.select(Event)),
)
