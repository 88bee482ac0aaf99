"""The text the search index keeps: what a reader sees, never markup."""

from __future__ import annotations

from markupsafe import Markup

from pydotorg.core.search import plain_text
from pydotorg.extensions import db
from pydotorg.site.search.query import search
from tests.factories.events import EventFactory, EventLocationFactory


def test_plain_text_drops_the_tags_of_every_part_whatever_its_type():
    # Rendered markup is a Markup object; joining a str onto it would escape the
    # str's tags into text.
    text = plain_text(Markup("<p>Talks, then <em>pizza</em>.</p>"), "<p>Betahaus</p>")
    assert text == "Talks, then pizza. Betahaus"


def test_an_events_venue_is_found_and_its_snippet_shows_no_tags(session):
    venue = EventLocationFactory(name="Capybara Hall")
    EventFactory(title="Rodent meetup", description="Talks.", venue=venue)
    session.commit()
    hits = search(db.session, "capybara").hits
    assert [hit.title for hit in hits] == ["Rodent meetup"]
    snippet = str(hits[0].snippet)
    assert "Capybara" in snippet
    assert "&lt;" not in snippet and "<p>" not in snippet
