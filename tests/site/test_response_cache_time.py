"""Cached pages that change with the clock expire at their next boundary.

The clock is moved by hand (no sleeping): every module that reads it is patched.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from pydotorg.domains.jobs.models import JobStatus
from pydotorg.extensions import db
from tests.factories.banners import BannerFactory
from tests.factories.events import EventOccurrenceFactory
from tests.factories.jobs import JobFactory
from tests.factories.nominations import ElectionFactory

START = datetime(2030, 5, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = START
        for module in (
            "pydotorg.core.types",
            "pydotorg.domains.events.services",
            "pydotorg.domains.jobs.services",
            "pydotorg.domains.banners.views",
            "pydotorg.domains.nominations.models",
        ):
            monkeypatch.setattr(f"{module}.utcnow", self)

    def __call__(self) -> datetime:
        return self.now

    def move_to(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_upcoming_events_drop_an_event_once_it_ends(client, response_cache, clock):
    EventOccurrenceFactory(
        event__title="Ends soon sprint",
        dt_start=START - timedelta(hours=1),
        dt_end=START + timedelta(hours=1),
    )
    EventOccurrenceFactory(
        event__title="Later meetup", dt_start=START + timedelta(days=3)
    )
    db.session.commit()
    assert b"Ends soon sprint" in client.get("/events/").data
    hit = client.get("/events/")
    assert hit.headers["X-Cache"] == "HIT"
    assert hit.headers["Surrogate-Control"] == "max-age=3600"

    clock.move_to(START + timedelta(minutes=59))
    hit = client.get("/events/")
    assert hit.headers["X-Cache"] == "HIT"
    assert hit.headers["Surrogate-Control"] == "max-age=60"  # a CDN's time too
    clock.move_to(START + timedelta(hours=1, seconds=1))
    after = client.get("/events/")
    assert after.headers["X-Cache"] == "MISS"
    assert b"Ends soon sprint" not in after.data
    assert b"Later meetup" in after.data


def test_a_starting_event_refreshes_the_list(client, response_cache, clock):
    EventOccurrenceFactory(event__title="Tonight", dt_start=START + timedelta(hours=6))
    db.session.commit()
    client.get("/events/")
    response = client.get("/events/")
    assert response.headers["Surrogate-Control"] == f"max-age={6 * 3600}"
    clock.move_to(START + timedelta(hours=5))
    assert client.get("/events/").headers["X-Cache"] == "HIT"
    clock.move_to(START + timedelta(hours=6, seconds=1))
    assert client.get("/events/").headers["X-Cache"] == "MISS"


def test_an_expired_job_leaves_the_board_at_midnight(client, response_cache, clock):
    JobFactory(
        job_title="Expiring at midnight",
        status=JobStatus.APPROVED,
        expires=date(2030, 5, 1),
    )
    db.session.commit()
    # The feed shows no banners: only the jobs' own dates bound it.
    for url in ("/jobs/", "/jobs/feed/rss/"):
        clock.move_to(START)
        assert b"Expiring at midnight" in client.get(url).data
        clock.move_to(datetime(2030, 5, 1, 23, 59, tzinfo=UTC))
        assert client.get(url).headers["X-Cache"] == "HIT"
        clock.move_to(datetime(2030, 5, 2, 0, 0, 1, tzinfo=UTC))
        after = client.get(url)
        assert after.headers["X-Cache"] == "MISS", url
        assert b"Expiring at midnight" not in after.data


def test_every_page_expires_at_midnight_for_banner_dates(client, response_cache, clock):
    client.get("/downloads/")
    hit = client.get("/downloads/")
    assert hit.headers["Surrogate-Control"] == f"max-age={12 * 3600}"


def test_a_banner_appears_on_its_start_date(client, response_cache, clock):
    BannerFactory(message="Conference tomorrow!", start_date=date(2030, 5, 2))
    db.session.commit()
    assert b"Conference tomorrow!" not in client.get("/downloads/").data
    assert client.get("/downloads/").headers["X-Cache"] == "HIT"
    clock.move_to(datetime(2030, 5, 2, 0, 0, 1, tzinfo=UTC))
    assert b"Conference tomorrow!" in client.get("/downloads/").data


def test_an_election_changes_phase_at_midnight(
    client, response_cache, clock, monkeypatch
):
    # Banners bound every page at midnight too: take them out of the picture.
    monkeypatch.setattr(
        "pydotorg.domains.banners.views.valid_until_next_day", lambda day: None
    )
    ElectionFactory(
        name="Board election",
        nominations_open=date(2030, 4, 20),
        nominations_close=date(2030, 5, 1),
        voting_open=date(2030, 5, 2),
        voting_close=date(2030, 5, 10),
    )
    db.session.commit()
    assert b"Nominations Open" in client.get("/nominations/").data
    clock.move_to(datetime(2030, 5, 1, 23, 59, tzinfo=UTC))
    assert client.get("/nominations/").headers["X-Cache"] == "HIT"
    clock.move_to(datetime(2030, 5, 2, 0, 0, 1, tzinfo=UTC))
    assert b"Voting Open" in client.get("/nominations/").data
