"""Staff tasks of the CMS, end to end in a real browser: a page from draft to the
site, an event with all its dates in one form, restoring earlier states from the
History pages, and axe on the dashboard and on the event form."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Dialog, Page, expect

from pydotorg.core.changes import Actor, acting_as
from pydotorg.core.markup import ContentType
from pydotorg.domains.downloads.models import Release
from pydotorg.domains.downloads.services import ReleaseService
from pydotorg.domains.events.models import Event
from pydotorg.domains.pages.models import Page as CmsPage
from pydotorg.domains.pages.services import PageService
from pydotorg.domains.users.models import User
from pydotorg.extensions import db
from tests.browser.conftest import STAFF_USERNAME
from tests.browser.test_accessibility import assert_accessible

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def unique(prefix: str) -> str:
    """Rows made by this file never clash with seeded ones or with a rerun."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def staff_user() -> User:
    return db.session.scalars(
        sa.select(User).where(User.username == STAFF_USERNAME)
    ).one()


def accept_dialogs(page: Page) -> list[str]:
    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    return questions


def save_and_continue(page: Page) -> None:
    page.locator("input[name='_continue_editing']").click()
    expect(page.locator(".alert-success")).to_be_visible()


def test_a_page_goes_from_draft_to_preview_to_published_on_the_site(
    staff_page: Page, browser: Browser, base_url: str
) -> None:
    path = unique("browser/draft")
    staff_page.goto("/admin/pages/new/")
    # The create form starts as a draft: staff publish on purpose.
    expect(staff_page.locator("input#is_published")).not_to_be_checked()
    staff_page.locator("input#title").fill("A page written in the browser")
    staff_page.locator("input#path").fill(path)
    staff_page.locator("textarea#content").fill(
        "A page written in the browser\n=============================\n\n"
        "Its *first* paragraph.\n"
    )
    save_and_continue(staff_page)
    expect(staff_page.get_by_text("Draft: not published")).to_be_visible()

    # The draft is on the site for staff only, marked as such.
    staff_page.goto(f"/{path}/")
    expect(staff_page.locator("main em")).to_have_text("first")
    before = browser.new_page(base_url=base_url)
    assert before.goto(f"/{path}/").status == 404
    before.close()

    staff_page.goto(f"/admin/pages/?search={path}")
    row = staff_page.locator("table.model-list tbody tr", has_text=path)
    row.locator("input.action-checkbox").check()
    questions = accept_dialogs(staff_page)
    staff_page.get_by_role("button", name="With selected").or_(
        staff_page.get_by_role("link", name="With selected")
    ).click()
    staff_page.locator(".dropdown-menu").get_by_text("Publish", exact=True).click()
    expect(staff_page.locator(".alert-success")).to_contain_text("published")
    assert questions

    # A new visitor: the first one's browser may keep the 404 for five minutes,
    # as python.org's 404 page is cached.
    visitor = browser.new_page(base_url=base_url)
    response = visitor.goto(f"/{path}/")
    assert response is not None and response.status == 200
    expect(visitor.locator("main em")).to_have_text("first")
    visitor.close()


def test_a_weekly_event_is_created_with_its_dates_in_one_form(
    staff_page: Page, in_app: Any
) -> None:
    title = unique("Browser weekly sprint")
    first = (datetime.now(UTC) + timedelta(days=2)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    staff_page.goto("/admin/events/new/")
    staff_page.locator("input#title").fill(title)
    # Select2 hides the selects it decorates; the form posts the select's value.
    staff_page.locator("select#calendar").select_option(
        label="Python Events", force=True
    )
    staff_page.locator("select#time_zone").select_option("UTC", force=True)

    staff_page.get_by_role("button", name="Add Recurring rules").or_(
        staff_page.get_by_role("link", name="Add Recurring rules")
    ).click()
    rule = staff_page.locator("#recurring_rules-0")
    # Flask-Admin's date picker rewrites what is typed into it as it goes; the
    # value is set as the picker would leave it, without opening it.
    begin = rule.locator("input[name='recurring_rules-0-begin']")
    begin.evaluate(
        "(input, value) => { input.value = value; }", f"{first:%Y-%m-%d %H:%M:%S}"
    )
    expect(begin).to_have_value(first.strftime("%Y-%m-%d %H:%M:%S"))
    rule.locator("input[name='recurring_rules-0-duration']").fill("2 hours")
    rule.locator("select[name='recurring_rules-0-frequency']").select_option(
        label="Weekly"
    )
    rule.locator("input[name='recurring_rules-0-interval']").fill("1")
    rule.locator("input[name='recurring_rules-0-count']").fill("3")
    save_and_continue(staff_page)

    # The edit page previews the three times, as saved.
    preview = staff_page.locator(".event-preview li")
    expect(preview).to_have_count(3)
    expect(preview.first).to_contain_text(f"{first:%a %d %b %Y}, 17:00 to 19:00 UTC")

    staff_page.goto("/events/")
    expect(staff_page.get_by_role("link", name=title).first).to_be_visible()
    for week in range(3):
        day = first + timedelta(weeks=week)
        staff_page.goto(f"/events/python-events/date/{day.year}/{day.month}/{day.day}/")
        expect(staff_page.get_by_role("link", name=title)).to_have_count(1)

    def count() -> tuple[str, int]:
        event = db.session.scalars(sa.select(Event).where(Event.title == title)).one()
        return event.time_zone, len(event.occurrences)

    assert in_app(count) == ("UTC", 3)


def test_an_earlier_state_of_a_page_is_restored_from_its_history(
    staff_page: Page, in_app: Any
) -> None:
    path = unique("browser/restore")

    def make_two_versions() -> str:
        service = PageService(db.session)
        by = staff_user()
        with acting_as(Actor.for_user(by)):
            page = CmsPage(
                path=path,
                title="The first title",
                content="First text.",
                content_type=ContentType.MARKDOWN,
            )
            service.save(page, by=by)
            db.session.commit()
            page.title, page.content = "The second title", "Second text."
            service.save(page, by=by)
            db.session.commit()
        return str(page.id)

    page_id = in_app(make_two_versions)
    staff_page.goto(f"/{path}/")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("The second title")

    staff_page.goto(f"/admin/pages/edit/?id={page_id}")
    staff_page.get_by_role("link", name="History", exact=True).click()
    entries = staff_page.locator(".change-entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("The second title")
    entries.nth(1).get_by_role("button", name="Restore this state").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("Restored the state")
    expect(staff_page.locator(".change-entry")).to_have_count(3)

    staff_page.goto(f"/{path}/")
    expect(staff_page.get_by_role("heading", level=1)).to_have_text("The first title")
    expect(staff_page.locator("main")).to_contain_text("First text.")


def test_an_earlier_state_of_a_release_is_restored_from_its_history(
    staff_page: Page, in_app: Any
) -> None:
    name = f"Python 9.{uuid.uuid4().int % 1000}.0"

    def make_two_versions() -> str:
        service = ReleaseService(db.session)
        by = staff_user()
        with acting_as(Actor.for_user(by)):
            release = service.create(
                {"name": name, "content": "Notes, first draft.", "is_published": True},
                by=by,
            )
            db.session.commit()
            service.update(release, {"content": "Notes, rewritten."}, by=by)
            db.session.commit()
        return str(release.id)

    release_id = in_app(make_two_versions)
    staff_page.goto(f"/admin/releases/changes/?id={release_id}")
    entries = staff_page.locator(".change-entry")
    expect(entries).to_have_count(2)
    entries.nth(1).get_by_role("button", name="Restore this state").click()
    expect(staff_page.locator(".alert-success")).to_contain_text("Restored the state")

    def content() -> str:
        return db.session.get(Release, uuid.UUID(release_id)).content

    assert in_app(content) == "Notes, first draft."


def test_the_dashboard_with_recent_actions_has_no_serious_accessibility_issue(
    staff_page: Page, axe: Axe
) -> None:
    # Something of this staff member's own to list under "Mine".
    staff_page.goto("/admin/pages/new/")
    staff_page.locator("input#title").fill("Dashboard check")
    staff_page.locator("input#path").fill(unique("browser/dashboard"))
    save_and_continue(staff_page)

    staff_page.goto("/admin/")
    expect(staff_page.locator("#recent-mine")).to_contain_text("Dashboard check")
    expect(staff_page.locator("#recent-everyone li").first).to_be_visible()
    assert_accessible(axe, staff_page)


def test_the_event_form_has_no_serious_accessibility_issue(
    staff_page: Page, axe: Axe, in_app: Any
) -> None:
    def an_event_with_dates() -> str:
        return str(
            db.session.scalars(
                sa.select(Event.id).where(Event.recurring_rules.any()).limit(1)
            ).one()
        )

    staff_page.goto(f"/admin/events/edit/?id={in_app(an_event_with_dates)}")
    expect(staff_page.locator(".event-preview")).to_be_visible()
    assert_accessible(axe, staff_page)
