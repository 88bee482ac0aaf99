"""The board minutes RSS feed (python.org's MinutesFeed)."""

from datetime import date

import feedparser
import pytest

from pydotorg.extensions import db
from tests.factories.minutes import MinutesFactory

URL = "/psf/records/board/minutes/feed/"


def parse(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_feed_has_the_channel_python_org_serves(client):
    feed = parse(client)
    assert feed.version == "rss20"
    assert feed.feed.title == "PSF Board Meeting Minutes Feed"
    assert feed.feed.link == "http://localhost/psf/records/board/minutes/"
    assert feed.feed.language == "en-us"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"http://localhost{URL}"]
    assert feed.entries == []


def test_items_are_the_20_latest_published_minutes(client, session):
    for day in range(1, 23):
        MinutesFactory(date=date(2024, 1, day))
    MinutesFactory(date=date(2024, 2, 1), is_published=False, content="Secret")
    db.session.commit()
    feed = parse(client)
    assert len(feed.entries) == 20
    first = feed.entries[0]
    assert first.title == "PSF Meeting Minutes for 2024-01-22"
    assert first.link == "http://localhost/psf/records/board/minutes/2024-01-22/"
    assert first.id == first.link
    assert first.published == "Mon, 22 Jan 2024 00:00:00 +0000"
    assert feed.entries[-1].title == "PSF Meeting Minutes for 2024-01-03"
    assert feed.feed.updated == first.published
    assert "Secret" not in client.get(URL).get_data(as_text=True)


def test_description_is_the_rendered_content_escaped_as_text(client, session):
    MinutesFactory(
        date=date(2024, 3, 5),
        content="Motion on *Q&A* <script>alert(1)</script> passed.",
    )
    db.session.commit()
    body = client.get(URL).get_data(as_text=True)
    # HTML goes out escaped as XML text, never as markup of the feed.
    assert "<em>" not in body
    assert "&lt;em&gt;Q&amp;amp;A&lt;/em&gt;" in body
    (entry,) = parse(client).entries
    assert "<em>Q&amp;A</em>" in entry.description
    assert "<script>" not in entry.description


def test_minutes_list_advertises_the_feed(client):
    html = client.get("/psf/records/board/minutes/").get_data(as_text=True)
    assert (
        f'<link rel="alternate" type="application/rss+xml" '
        f'title="PSF Board Meeting Minutes Feed" href="{URL}">'
    ) in html


@pytest.mark.parametrize("count", [3, 30])
def test_feed_takes_one_query_however_many_minutes(
    client, session, count_queries, count
):
    for n in range(count):
        MinutesFactory(date=date(2023, 1, 1).replace(day=1 + n % 28, month=1 + n // 28))
    db.session.commit()
    with count_queries() as counter:
        assert client.get(URL).status_code == 200
    assert counter.count == 1, counter.statements
