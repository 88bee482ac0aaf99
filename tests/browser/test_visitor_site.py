"""The site as a visitor meets it, in a real browser: searching from the header,
proposing an event, and the search, calendar and sidebar pages checked by axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from pydotorg.core.markup import ContentType
from pydotorg.domains.events.services import events_email
from pydotorg.domains.pages.models import Page as CmsPage
from pydotorg.extensions import db
from tests.browser.conftest import LiveServer
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser

# A CMS page with everything the renderer styles, filed under About (which has a
# sub-navigation in the seeded menu), on the sidebar template.
STYLED_PAGE_PATH = "about/visitor-style-sample"
STYLED_PAGE_RST = """\
Some ``inline literal`` text, a `link <https://www.python.org/>`_ and a
footnote [#note]_.

.. code-block:: python

   def greet(name: str) -> str:
       \"\"\"Say hello.\"\"\"
       return f"Hello, {name}!"  # a comment

.. note:: A note with ``code``.

.. warning:: A warning.

.. tip:: A tip.

=======  ==========
Version  Status
=======  ==========
3.14     bugfix
3.13     security
=======  ==========

Term
   Its definition.

:Author: Guido

>>> 1 + 1
2

.. [#note] The footnote.
"""


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def styled_page(in_app: Any) -> str:
    """The sample page (made once per session; the live database is shared)."""

    def make() -> None:
        exists = db.session.scalar(
            db.select(CmsPage.id).where(CmsPage.path == STYLED_PAGE_PATH)
        )
        if exists is None:
            db.session.add(
                CmsPage(
                    title="Style sample",
                    path=STYLED_PAGE_PATH,
                    content=STYLED_PAGE_RST,
                    content_type=ContentType.RESTRUCTUREDTEXT,
                    is_published=True,
                    template_name="pages/default.html",
                    keywords="",
                    description="",
                )
            )
            db.session.commit()

    in_app(make)
    return f"/{STYLED_PAGE_PATH}/"


def test_search_from_the_header_box_then_open_a_highlighted_hit(page: Page) -> None:
    page.goto("/jobs/")
    box = page.get_by_role("searchbox", name="Search", exact=True)
    box.fill("interpreter")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=interpreter$"))
    expect(page.locator(".search-count")).to_contain_text("for “interpreter”")
    hit = page.locator(".search-hit").filter(
        has=page.get_by_role("link", name="Python For Beginners")
    )
    expect(hit.locator(".search-snippet mark")).to_have_text(
        re.compile("^interpreter$", re.I)
    )
    # The box in the header keeps the words searched for.
    expect(box).to_have_value("interpreter")

    hit.get_by_role("link", name="Python For Beginners").click()
    expect(page).to_have_url(re.compile(r"/about/gettingstarted/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Python For Beginners")
    expect(page.locator(".page-content")).to_contain_text("interpreter")


def test_a_visitor_submits_an_event_and_the_events_team_gets_the_mail(
    user_page: Page, live_server: LiveServer, in_app: Any
) -> None:
    page = user_page
    page.goto("/events/")
    page.get_by_role("link", name="Submit an event").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit an event")

    page.get_by_label("Event name").fill("PyCon Atlantis 2027")
    page.get_by_label("Event type").select_option(index=1)
    page.get_by_label("Python focus").fill("Python in marine science")
    page.get_by_label("Expected attendees").fill("250")
    page.get_by_label("Location").fill("Lisbon, Portugal")
    page.get_by_label("First day").fill("2027-09-14")
    page.get_by_label("Last day").fill("2027-09-16")
    page.get_by_label("Website").fill("https://atlantis.example.org/")
    page.get_by_label("Description").fill("Three days of talks and sprints.")
    page.get_by_role("button", name="Send to the events team").click()

    expect(page.locator(".flash-success")).to_contain_text("The events team will")
    expect(page).to_have_url(re.compile(r"/events/$"))

    team = in_app(events_email)
    mail = live_server.wait_for_mail(team)
    assert mail["Subject"] == "Event submission: PyCon Atlantis 2027"
    assert mail["Reply-To"] == "browser-user@example.com"
    text = live_server.smtp.text(mail)
    assert "Location: Lisbon, Portugal" in text
    assert "Dates: 2027-09-14 to 2027-09-16" in text
    assert "Three days of talks and sprints." in text


def test_the_sidebar_sits_beside_the_page_on_a_wide_screen(
    page: Page, styled_page: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(styled_page)
    article = page.locator("article.cms-page").bounding_box()
    sidebar = page.locator("aside.page-sidebar")
    expect(sidebar.get_by_role("heading", name="About")).to_be_visible()
    box = sidebar.bounding_box()
    assert article and box
    assert box["x"] >= article["x"] + article["width"], "sidebar not on the right"
    assert box["y"] < article["y"] + 200, "sidebar not at the top of the page"
    # Rendered content is styled: highlighted code, an inline literal, a table.
    expect(page.locator(".highlight .k").first).to_have_text("def")
    literal = page.locator(".page-content .docutils.literal").first
    assert literal.evaluate("e => getComputedStyle(e).fontFamily") != page.locator(
        ".page-content p"
    ).first.evaluate("e => getComputedStyle(e).fontFamily")


@pytest.mark.parametrize(
    "where",
    ["search results", "a calendar", "a CMS page with the sidebar"],
)
def test_visitor_pages_have_no_serious_accessibility_issue(
    where: str, page: Page, axe: Axe, styled_page: str
) -> None:
    url = {
        "search results": "/search/?q=python",
        "a calendar": "/events/python-events/",
        "a CMS page with the sidebar": styled_page,
    }[where]
    page.goto(url)
    expect(page.locator("main")).to_be_visible()
    assert_accessible(axe, page)


def test_a_full_width_page_is_wider_than_the_reading_width(page: Page) -> None:
    # The seeded About page uses the full-width template; the harness fails the
    # test on any CSP violation (an inline <style> would be one).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/about/")
    wide = page.locator("article.page-full-width").bounding_box()
    main = page.locator("main").bounding_box()
    assert wide and main
    assert wide["width"] > main["width"] - 100
