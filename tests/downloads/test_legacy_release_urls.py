"""python.org's legacy /download/releases/X.Y.Z/ pages redirect to release pages."""

from pydotorg.extensions import db
from tests.factories.downloads import ReleaseFactory
from tests.factories.pages import PageFactory


def test_release_without_a_legacy_page_is_a_permanent_redirect(client, session):
    ReleaseFactory(name="Python 2.7.5", slug="python-275")
    db.session.commit()
    response = client.get("/download/releases/2.7.5/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/downloads/release/python-275/"


def test_redirect_wins_over_a_page_at_the_same_path(client, session):
    ReleaseFactory(name="Python 2.7.5", slug="python-275")
    PageFactory(path="download/releases/2.7.5", title="Python 2.7.5 (legacy)")
    db.session.commit()
    assert client.get("/download/releases/2.7.5/").status_code == 301


def test_release_with_a_legacy_page_shows_that_page(client, session):
    page = PageFactory(path="download/releases/2.5.1", title="Python 2.5.1 release")
    ReleaseFactory(name="Python 2.5.1", release_page=page, content="")
    db.session.commit()
    response = client.get("/download/releases/2.5.1/")
    assert response.status_code == 200
    assert "Python 2.5.1 release" in response.get_data(as_text=True)


def test_unknown_or_unpublished_release_is_404(client, session):
    ReleaseFactory(name="Python 3.99.0", is_published=False)
    db.session.commit()
    assert client.get("/download/releases/3.99.0/").status_code == 404
    assert client.get("/download/releases/9.9.9/").status_code == 404
    assert client.get("/download/releases/not-a-version/").status_code == 404


def test_names_are_matched_exactly_not_by_slug(client, session):
    ReleaseFactory(name="Python 3.11.9", slug="python-3119")
    db.session.commit()
    assert client.get("/download/releases/3.1.19/").status_code == 404


def test_superseded_notice_names_the_newer_release_in_full(client, session):
    ReleaseFactory(name="Python 3.10.18", slug="python-31018")
    ReleaseFactory(name="Python 3.10.19", slug="python-31019")
    db.session.commit()
    html = client.get("/downloads/release/python-31018/").get_data(as_text=True)
    assert ">Python 3.10.19</a>" in html
