"""The "feed list" page template: the newest entries of a feed aggregate chosen in the
page admin (python.org's ``feed_list``)."""

import re

import sqlalchemy as sa

from pydotorg.domains.pages.models import Page
from pydotorg.extensions import db
from tests.factories.blogs import BlogEntryFactory, FeedAggregateFactory, FeedFactory
from tests.factories.pages import PageFactory

TEMPLATE = "pages/feed-list.html"


def aggregate_with_entries():
    community = FeedFactory(name="Community blog")
    insider = FeedFactory(name="Python Insider")
    elsewhere = FeedFactory(name="Elsewhere")
    aggregate = FeedAggregateFactory(name="PSF news", slug="psf-news")
    aggregate.feeds = [community, insider]
    for n, feed in enumerate([community, insider, community, elsewhere]):
        BlogEntryFactory(feed=feed, title=f"Entry {n}")
    FeedAggregateFactory(name="Other news", slug="other-news")
    db.session.commit()
    return aggregate


def entry_titles(html):
    section = html.split('<section class="feed-list">')[1]
    return re.findall(r'<a href="[^"]+" rel="noopener">([^<]+)</a>', section)


def test_the_page_shows_its_aggregates_newest_entries(client, session):
    aggregate_with_entries()
    PageFactory(path="psf/news", template_name=TEMPLATE, feed_aggregate="psf-news")
    db.session.commit()
    response = client.get("/psf/news/")
    assert response.status_code == 200
    assert entry_titles(response.get_data(as_text=True)) == [
        "Entry 2",
        "Entry 1",
        "Entry 0",
    ]


def test_an_aggregate_removed_later_shows_no_entries(client, session):
    PageFactory(path="psf/news", template_name=TEMPLATE, feed_aggregate="gone")
    db.session.commit()
    html = client.get("/psf/news/").get_data(as_text=True)
    assert "No entries yet." in html


def test_the_admin_offers_the_stored_aggregates_and_saves_the_choice(
    page_admin, session
):
    aggregate_with_entries()
    form = page_admin.client.get("/admin/pages/new/").get_data(as_text=True)
    assert '<option value="psf-news">PSF news</option>' in form
    assert '<option value="other-news">Other news</option>' in form
    response = page_admin.create(
        path="psf/news", template_name=TEMPLATE, feed_aggregate="psf-news"
    )
    assert response.status_code == 302
    page = db.session.scalar(sa.select(Page).where(Page.path == "psf/news"))
    assert (page.template_name, page.feed_aggregate) == (TEMPLATE, "psf-news")


def test_the_feed_list_template_needs_an_aggregate(page_admin, session):
    response = page_admin.create(path="psf/news", template_name=TEMPLATE)
    assert response.status_code == 200
    assert "The feed list template needs a feed aggregate." in response.get_data(
        as_text=True
    )
    response = page_admin.create(
        path="psf/news", template_name=TEMPLATE, feed_aggregate="not-stored"
    )
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Page).where(Page.path == "psf/news")) is None
