"""The "Default (with sidebar)" page template on python.org's own menu: a CMS page
shows its section's sub-navigation beside the content, wherever it sits in the tree."""

from __future__ import annotations

import re

import pytest

from pydotorg.domains.pages.menus import seed_menus
from pydotorg.domains.pages.models import Page
from pydotorg.domains.pages.services import DEFAULT_TEMPLATE, PAGE_TEMPLATES
from pydotorg.extensions import db
from tests.factories.pages import PageFactory


@pytest.fixture
def python_org_menu(app, session):
    """python.org's tree, seeded over a few of its pages (entries for pages this
    site lacks are hidden by the seed)."""
    PageFactory(path="about", title="About", template_name="pages/full-width.html")
    PageFactory(path="about/gettingstarted", title="Getting Started")
    PageFactory(path="psf", title="PSF", template_name="pages/psf.html")
    PageFactory(path="psf/donations", title="Donate to the PSF")
    db.session.flush()
    with app.test_request_context():
        seed_menus(db.session)
    db.session.commit()


def sidebar(html: str) -> tuple[str, list[str], list[str]]:
    """The sidebar's heading, its links, and the link marked as the current page."""
    match = re.search(r'<aside class="page-sidebar">(.*?)</aside>', html, re.S)
    assert match, "the page has no sidebar"
    aside = match.group(1)
    heading = re.search(r"<h2[^>]*><a [^>]*>([^<]+)</a></h2>", aside).group(1)
    links = re.findall(r"<li><a [^>]*>([^<]+)</a></li>", aside)
    current = re.findall(r'aria-current="page">([^<]+)</a>', aside)
    return heading, links, current


def test_the_default_template_is_the_one_offered_as_with_sidebar():
    assert PAGE_TEMPLATES[DEFAULT_TEMPLATE] == "Default (with sidebar)"


@pytest.mark.parametrize("template_name", ["", DEFAULT_TEMPLATE, "pages/gone.html"])
def test_a_page_in_the_menu_shows_its_sections_sub_navigation(
    client, python_org_menu, template_name
):
    # Any stored name that is not another template renders with the sidebar.
    started = db.session.scalars(
        db.select(Page).where(Page.path == "about/gettingstarted")
    ).one()
    started.template_name = template_name
    db.session.commit()

    response = client.get("/about/gettingstarted/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    heading, links, current = sidebar(html)
    assert heading == "About"
    assert "Getting Started" in links
    assert current == ["Getting Started"]
    # Beside the content: the layout gets the two-column class.
    assert 'class="page-layout with-sidebar"' in html


def test_a_page_missing_from_the_menu_shows_the_section_it_is_filed_under(
    client, python_org_menu
):
    PageFactory(path="about/history", title="History of Python")
    db.session.commit()
    heading, links, current = sidebar(
        client.get("/about/history/").get_data(as_text=True)
    )
    assert heading == "About"
    assert "Getting Started" in links
    assert current == []  # the page itself is not an entry of the menu


def test_a_page_outside_every_section_shows_the_main_sections(client, python_org_menu):
    PageFactory(path="whatever/else", title="Somewhere else")
    db.session.commit()
    heading, links, _current = sidebar(
        client.get("/whatever/else/").get_data(as_text=True)
    )
    assert heading == "Python"
    assert {"About", "Downloads", "Events"} <= set(links)


def test_psf_pages_with_the_default_template_show_the_psf_section(
    client, python_org_menu
):
    PageFactory(path="psf/annual-report", title="Annual report")
    db.session.commit()
    heading, links, _current = sidebar(
        client.get("/psf/annual-report/").get_data(as_text=True)
    )
    assert heading == "PSF"
    assert "Donations" in links


@pytest.mark.parametrize("template_name", ["pages/full-width.html", "pages/psf.html"])
def test_the_other_templates_have_no_sidebar(client, python_org_menu, template_name):
    PageFactory(path="about/apps", title="Applications", template_name=template_name)
    db.session.commit()
    html = client.get("/about/apps/").get_data(as_text=True)
    assert "page-sidebar" not in html
    assert "with-sidebar" not in html
