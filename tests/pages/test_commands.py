"""``flask markup rerender`` and the pages seed."""

from __future__ import annotations

import sqlalchemy as sa

from pydotorg.core.markup import ContentType
from pydotorg.domains.pages.models import Page, PageRevision, Redirect
from pydotorg.domains.pages.seed import seed
from pydotorg.extensions import db
from tests.factories.pages import PageFactory


def test_rerender_rebuilds_stale_stored_html(runner):
    page = PageFactory(
        path="stale", content="**bold**", content_type=ContentType.MARKDOWN
    )
    fresh = PageFactory(path="fresh", content="*it*", content_type=ContentType.MARKDOWN)
    db.session.flush()
    db.session.execute(
        sa.update(Page).where(Page.id == page.id).values(content_rendered="<p>old</p>")
    )
    db.session.commit()

    result = runner.invoke(args=["markup", "rerender"])

    assert result.exit_code == 0, result.output
    assert "pages.content: 1 of 2 rows changed" in result.output
    db.session.expire_all()
    assert (
        db.session.get(Page, page.id).content_rendered == "<p><strong>bold</strong></p>"
    )
    assert db.session.get(Page, fresh.id).content_rendered == "<p><em>it</em></p>"


def test_rerender_records_no_page_version(runner):
    page = PageFactory(path="quiet")
    db.session.commit()

    runner.invoke(args=["markup", "rerender"])

    count = db.session.scalar(
        sa.select(sa.func.count(PageRevision.id)).where(PageRevision.page_id == page.id)
    )
    assert count == 1


def test_seed_makes_pages_in_every_markup_type_and_a_draft(session):
    seed(session)
    seed(session)  # a second run changes nothing

    pages = {p.path: p for p in session.scalars(sa.select(Page))}
    assert {"about", "psf/mission", "about/gettingstarted", "about/roadmap"} <= set(
        pages
    )
    assert len(pages) == 8
    assert {p.content_type for p in pages.values()} == set(ContentType)
    assert [p.path for p in pages.values() if not p.is_published] == ["about/roadmap"]
    assert all(p.content_rendered for p in pages.values())
    assert session.scalar(sa.select(sa.func.count(Redirect.id))) == 1


def test_seeded_pages_are_served(client):
    seed(db.session)
    db.session.commit()

    assert client.get("/about/").status_code == 200
    assert b"<h2" in client.get("/psf/mission/").data
    assert b"Python For Beginners" in client.get("/about/gettingstarted/").data
    assert client.get("/about/roadmap/").status_code == 404
    assert (
        client.get("/about/beginners/").headers["Location"] == "/about/gettingstarted/"
    )


def test_every_path_the_site_links_to_has_a_seeded_page(client):
    seed(db.session)
    db.session.commit()

    # the header and footer, the seeded Donate banner, the membership form
    for path in ("/psf/", "/doc/", "/psf/donations/", "/psf/conduct/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<h1" in response.get_data(as_text=True)
