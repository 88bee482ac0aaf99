"""The public blog page: latest entries of active feeds."""

from pydotorg.extensions import db
from tests.factories.blogs import BlogEntryFactory, FeedFactory


def test_blogs_page_lists_the_newest_entries_first(client, session):
    BlogEntryFactory(title="Older news")
    BlogEntryFactory(title="Newest news")
    db.session.commit()
    page = client.get("/blogs/").get_data(as_text=True)
    assert page.index("Newest news") < page.index("Older news")


def test_entries_of_inactive_feeds_are_hidden(client, session):
    BlogEntryFactory(title="Hidden", feed=FeedFactory(is_active=False))
    db.session.commit()
    assert "Hidden" not in client.get("/blogs/").get_data(as_text=True)


def test_the_excerpt_is_escaped_text(client, session):
    BlogEntryFactory(summary='<p>Hi <img src=x onerror="alert(1)"> &lt;script&gt;</p>')
    db.session.commit()
    page = client.get("/blogs/").get_data(as_text=True)
    assert "onerror" not in page
    assert "&lt;script&gt;" in page


def test_blogs_page_query_count_does_not_grow_with_entries(
    client, session, count_queries
):
    BlogEntryFactory()
    db.session.commit()
    with count_queries() as few:
        client.get("/blogs/")
    for _ in range(10):
        BlogEntryFactory(feed=FeedFactory())
    db.session.commit()
    with count_queries() as many:
        response = client.get("/blogs/")
    assert response.status_code == 200
    assert many.count == few.count <= 2, many.statements
    assert response.get_data(as_text=True).count("<article") == 6
