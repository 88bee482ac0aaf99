"""Pages are served at their path by the fallback; redirects win; drafts are staff-only."""

from __future__ import annotations

import pytest
from flask import g

from pydotorg.core import markup
from pydotorg.core.markup import ContentType
from pydotorg.extensions import db
from tests.factories.pages import PageFactory, RedirectFactory


def test_published_page_is_served_at_its_path_with_head_metadata(client):
    PageFactory(
        path="psf/mission",
        title="PSF Mission",
        keywords="psf, mission",
        description="What the PSF is for",
        content="## Our mission\n\nPromote **Python**.",
        content_type=ContentType.MARKDOWN,
    )
    db.session.commit()

    response = client.get("/psf/mission/")

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    head = body.split("</head>")[0]
    assert "<title>PSF Mission | Python.org</title>" in head
    assert '<meta name="keywords" content="psf, mission">' in head
    assert '<meta name="description" content="What the PSF is for">' in head
    assert '<h2 id="c-our-mission">Our mission</h2>' in body
    assert "<strong>Python</strong>" in body
    assert "Draft" not in body


def test_path_without_slash_redirects_permanently(client):
    PageFactory(path="one")
    db.session.commit()

    response = client.get("/one")

    assert response.status_code == 301
    assert response.headers["Location"] == "/one/"


def test_query_string_is_ignored(client):
    PageFactory(path="one", title="Page One")
    db.session.commit()

    response = client.get("/one/?foo=bar&page=2")

    assert response.status_code == 200
    assert b"Page One" in response.data


def test_unknown_path_is_the_usual_404_page(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_api_404_stays_json(client):
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response.is_json


def test_unpublished_page_is_404_to_the_public(client):
    PageFactory(path="about/roadmap", is_published=False)
    db.session.commit()

    assert client.get("/about/roadmap/").status_code == 404
    assert client.get("/about/roadmap").status_code == 404


def test_unpublished_page_is_404_to_a_logged_in_member(member_client):
    PageFactory(path="about/roadmap", is_published=False)
    db.session.commit()

    assert member_client.get("/about/roadmap/").status_code == 404


def test_unpublished_page_is_shown_to_staff_marked_as_draft(staff_client):
    PageFactory(path="about/roadmap", title="Roadmap", is_published=False)
    db.session.commit()

    response = staff_client.get("/about/roadmap/")

    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'class="draft-marker"' in body
    assert "<strong>Draft</strong>: this page is not published" in body
    assert '<meta name="robots" content="noindex">' in body
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_redirect_wins_over_a_page_with_the_same_path(client):
    PageFactory(path="about/old", title="Old page")
    RedirectFactory(old_path="about/old", new_path="/about/")
    db.session.commit()

    response = client.get("/about/old/")

    assert response.status_code == 301
    assert response.headers["Location"] == "/about/"


def test_redirects_answer_with_or_without_slash_and_to_other_sites(client):
    RedirectFactory(old_path="dev/peps", new_path="https://peps.python.org/")
    db.session.commit()

    for url in ("/dev/peps/", "/dev/peps", "/dev/peps/?x=1"):
        response = client.get(url)
        assert response.status_code == 301
        assert response.headers["Location"] == "https://peps.python.org/"


def test_other_routes_win_over_pages(client):
    # Even a page stored at a route's path (bypassing validation) can't take it over.
    PageFactory(path="accounts/login", title="Hijack")
    db.session.commit()

    response = client.get("/accounts/login/")

    assert response.status_code == 200
    assert b"Hijack" not in response.data


def test_post_to_a_page_path_is_not_served(client):
    PageFactory(path="one")
    db.session.commit()
    assert client.post("/one/").status_code in (400, 404, 405)


@pytest.mark.parametrize(
    ("template_name", "marker"),
    [
        ("", "page-default"),
        ("pages/default.html", "page-default"),
        ("pages/full-width.html", "page-full-width"),
        ("pages/psf.html", "Python Software Foundation</a>"),
        ("pages/../../etc/passwd", "page-default"),  # unknown names fall back
        ("does-not-exist.html", "page-default"),
    ],
)
def test_template_name_picks_from_the_known_list(client, template_name, marker):
    PageFactory(path="templated", template_name=template_name)
    db.session.commit()

    response = client.get("/templated/")

    assert response.status_code == 200
    assert marker in response.get_data(as_text=True)


@pytest.fixture
def docutils_calls(monkeypatch):
    """Counts calls into docutils made through the markup service."""
    calls = []
    real = markup.publish_parts

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(markup, "publish_parts", counting)
    markup.clear_render_cache()
    return calls


@pytest.mark.parametrize("logged_in_as", [None, "staff"])
def test_page_view_runs_at_most_3_queries_and_no_docutils(
    client, auth, staff_user, count_queries, docutils_calls, logged_in_as
):
    PageFactory(
        path="about/gettingstarted",
        content="Title\n=====\n\n* a\n* b\n",
        content_type=ContentType.RESTRUCTUREDTEXT,
    )
    db.session.commit()
    if logged_in_as:
        auth.login(staff_user.username)
    # Requests share the test's app context: forget the logged-in user and empty
    # the session, so loading the user costs its query as it does in production.
    g.pop("_login_user", None)
    db.session.expunge_all()
    docutils_calls.clear()

    with count_queries() as counter:
        response = client.get("/about/gettingstarted/")

    assert response.status_code == 200
    assert "<h2>Title</h2>" in response.get_data(as_text=True)
    assert counter.count <= 3, counter.statements
    assert docutils_calls == []


def test_the_docutils_counter_sees_rendering(app_ctx, docutils_calls):
    markup.render("x", "restructuredtext")
    assert len(docutils_calls) == 1


def test_rst_page_shows_its_title_once(client, session):
    PageFactory(
        title="About Python",
        path="about-once",
        content="About Python\n============\n\nPython is a language.\n",
        content_type=ContentType.RESTRUCTUREDTEXT,
    )
    session.commit()
    html = client.get("/about-once/").get_data(as_text=True)
    assert html.count("About Python</h") == 1
    assert "Python is a language." in html
