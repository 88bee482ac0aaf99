"""The blogs admin: list, create, edit, bad input, and the fetch/feature actions."""

import pytest
import sqlalchemy as sa

from pydotorg.domains.blogs.models import BlogEntry, Feed, FeedAggregate
from pydotorg.extensions import db
from tests.blogs.conftest import item, rss
from tests.factories.blogs import (
    BlogEntryFactory,
    FeedAggregateFactory,
    FeedFactory,
    RelatedBlogFactory,
)
from tests.fixtures.admin_forms import admin_action, admin_form


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize(
    "table", ["feeds", "blog_entries", "feed_aggregates", "related_blogs"]
)
def test_every_blogs_list_and_create_page_answers(staff_client, table):
    BlogEntryFactory()
    FeedAggregateFactory()
    RelatedBlogFactory()
    db.session.commit()
    assert staff_client.get(f"/admin/{table}/").status_code == 200
    assert staff_client.get(f"/admin/{table}/new/").status_code == 200


def test_entry_list_shows_the_feed_by_name(staff_client):
    BlogEntryFactory(feed=FeedFactory(name="Python Insider"))
    db.session.commit()
    assert "Python Insider" in staff_client.get("/admin/blog_entries/").get_data(
        as_text=True
    )


def test_create_an_aggregate_with_feeds(staff_client):
    feeds = [FeedFactory(), FeedFactory()]
    db.session.commit()
    response = admin_form(
        staff_client,
        "/admin/feed_aggregates/new/",
        {
            "name": "Python News",
            "description": "Home page",
            "feeds": [str(f.id) for f in feeds],
        },
    )
    assert response.status_code == 302
    aggregate = db.session.scalar(sa.select(FeedAggregate))
    assert aggregate.slug == "python-news"
    assert {f.id for f in aggregate.feeds} == {f.id for f in feeds}


def test_edit_a_feed(staff_client):
    feed = FeedFactory(name="Old")
    db.session.commit()
    url = f"/admin/feeds/edit/?id={feed.id}"
    response = admin_form(
        staff_client, url,
        {"name": "New", "feed_url": feed.feed_url, "website_url": "", "priority": "3", "is_active": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Feed, feed.id)
    assert (saved.name, saved.priority) == ("New", 3)


@pytest.mark.parametrize(
    ("url", "data", "message", "model"),
    [
        (
            "/admin/feeds/new/",
            {"name": "No URL", "feed_url": "", "priority": "0"},
            "This field is required.",
            Feed,
        ),
        (
            "/admin/feeds/new/",
            {"name": "Dup", "feed_url": "https://taken.example/feed", "priority": "0"},
            "Already exists.",
            Feed,
        ),
        (
            "/admin/feeds/new/",
            {"name": "Bad", "feed_url": "https://x.example/", "priority": "high"},
            "Not a valid integer value.",
            Feed,
        ),
        (
            "/admin/feed_aggregates/new/",
            {"name": "Dup", "slug": "taken"},
            "Already exists.",
            FeedAggregate,
        ),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(
    staff_client, url, data, message, model
):
    FeedFactory(feed_url="https://taken.example/feed")
    FeedAggregateFactory(slug="taken")
    db.session.commit()
    before = count(model)
    response = admin_form(staff_client, url, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(model) == before


def test_fetch_now_action_imports_entries_and_reports_failures(
    staff_client, feed_server
):
    feed_server.routes["/feed.xml"] = (200, rss(item(1), item(2)))
    good = FeedFactory(name="Good feed", feed_url=feed_server.url("/feed.xml"))
    bad = FeedFactory(name="Bad feed", feed_url=feed_server.url("/gone.xml"))
    db.session.commit()
    page = admin_action(staff_client, "feeds", "fetch", [good.id, bad.id]).get_data(
        as_text=True
    )
    assert "Good feed: 2 new, 0 updated." in page
    assert "Bad feed: Could not fetch" in page
    assert count(BlogEntry) == 2
    db.session.expire_all()
    assert "404" in db.session.get(Feed, bad.id).last_error


def test_feature_action(staff_client):
    entry = BlogEntryFactory()
    db.session.commit()
    admin_action(staff_client, "blog_entries", "feature", [entry.id])
    db.session.expire_all()
    assert db.session.get(BlogEntry, entry.id).is_featured is True


@pytest.mark.parametrize(
    ("table", "make"),
    [
        ("feeds", lambda: FeedFactory()),
        ("blog_entries", lambda: BlogEntryFactory()),
        ("feed_aggregates", lambda: FeedAggregateFactory()),
        ("related_blogs", lambda: RelatedBlogFactory()),
    ],
)
def test_every_blogs_edit_page_answers(staff_client, table, make):
    row = make()
    db.session.commit()
    assert staff_client.get(f"/admin/{table}/edit/?id={row.id}").status_code == 200
