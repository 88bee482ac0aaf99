"""Factories for feeds, blog entries, feed aggregates and related blogs."""

from datetime import UTC, datetime, timedelta

import factory

from pydotorg.domains.blogs.models import BlogEntry, Feed, FeedAggregate, RelatedBlog
from tests.factories.base import ModelFactory


class FeedFactory(ModelFactory):
    class Meta:
        model = Feed

    name = factory.Sequence(lambda n: f"Feed {n}")
    website_url = factory.Sequence(lambda n: f"https://blog{n}.example.org/")
    feed_url = factory.LazyAttribute(lambda o: f"{o.website_url}feed.xml")


class BlogEntryFactory(ModelFactory):
    class Meta:
        model = BlogEntry

    feed = factory.SubFactory(FeedFactory)
    title = factory.Sequence(lambda n: f"Entry {n}")
    guid = factory.Sequence(lambda n: f"tag:example.org,2025:entry-{n}")
    url = factory.Sequence(lambda n: f"https://blog.example.org/entry-{n}.html")
    summary = "<p>Something <b>new</b> happened.</p>"
    pub_date = factory.Sequence(
        lambda n: datetime(2025, 1, 1, tzinfo=UTC) + timedelta(days=n)
    )


class FeedAggregateFactory(ModelFactory):
    class Meta:
        model = FeedAggregate

    name = factory.Sequence(lambda n: f"Aggregate {n}")


class RelatedBlogFactory(ModelFactory):
    class Meta:
        model = RelatedBlog

    name = factory.Sequence(lambda n: f"Related {n}")
    blog_name = factory.LazyAttribute(lambda o: f"{o.name} blog")
    blog_url = factory.Sequence(lambda n: f"https://related{n}.example.org/")
    feed_url = factory.LazyAttribute(lambda o: f"{o.blog_url}feed.xml")
