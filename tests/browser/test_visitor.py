"""What a visitor does on the public site, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from pydotorg.domains.downloads.services import ReleaseService
from pydotorg.domains.events.models import Event
from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.extensions import db
from tests.browser.conftest import LiveServer, log_in

pytestmark = pytest.mark.browser


def test_the_home_page_download_button_opens_the_latest_python_3_release(
    page: Page, in_app: Any
) -> None:
    latest = in_app(lambda: ReleaseService(db.session).latest_python3().name)

    page.goto("/")
    page.get_by_role("link", name=f"Download {latest}").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(latest)
    expect(page).to_have_url(re.compile(r"/downloads/release/"))


def test_a_release_page_lists_its_files_with_their_checksums(
    page: Page, in_app: Any
) -> None:
    def release_with_files() -> tuple[str, list[tuple[str, str]]]:
        release = ReleaseService(db.session).latest_python3()
        files = sorted((f.name, f.sha256_sum) for f in release.files)
        return release.slug, files

    slug, files = in_app(release_with_files)
    assert files, "the seed gives the latest release files"

    page.goto(f"/downloads/release/{slug}/")
    table = page.locator("table.files")
    headers = table.locator("thead th")
    expect(headers.first).to_have_text("Version")
    expect(table.locator("thead")).to_contain_text("SHA-256")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(files))
    for name, sha256 in files:
        row = rows.filter(has=page.get_by_role("link", name=name, exact=True))
        expect(row).to_have_count(1)
        expect(row.locator("code.sha256")).to_have_text(sha256)


def test_the_job_board_filters_by_type_category_and_location(page: Page) -> None:
    page.goto("/jobs/")
    listed = page.locator("ol.list-recent-jobs > li")
    total = listed.count()
    assert total > 1

    for section in (
        "job-filter-types",
        "job-filter-categories",
        "job-filter-locations",
    ):
        page.goto("/jobs/")
        link = page.locator(f".{section} a").first
        name = link.inner_text()
        link.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(name)
        shown = listed.count()
        assert 0 < shown <= total, f"{section} {name}: {shown} of {total}"
        page.get_by_role("link", name="All jobs").click()
        expect(listed).to_have_count(total)


def test_an_event_page_shows_the_event_and_its_calendar(
    page: Page, in_app: Any
) -> None:
    def an_event() -> tuple[str, str, str]:
        event = db.session.scalars(
            sa.select(Event).where(Event.slug == "pycon-us-2027")
        ).one()
        return event.title, event.calendar.slug, event.calendar.name

    title, calendar_slug, calendar_name = in_app(an_event)

    page.goto("/events/")
    page.get_by_role("link", name=title).first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page).to_have_url(re.compile(f"/events/{calendar_slug}/"))
    page.get_by_role("link", name=calendar_name).click()
    expect(page.get_by_role("link", name=title).first).to_be_visible()


def test_sign_up_confirm_the_address_log_in_and_post_a_job(
    page: Page, live_server: LiveServer, in_app: Any
) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email address").fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill("a long new passphrase")
    page.get_by_label("Password (again)").fill("a long new passphrase")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".flash")).to_contain_text("newcomer@example.com")

    mail = live_server.wait_for_mail("newcomer@example.com")
    page.goto(live_server.link_in(mail, "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".flash")).to_contain_text("is verified")

    log_in(page, "newcomer", "a long new passphrase")
    page.goto("/jobs/")
    page.get_by_role("link", name="Post a job").click()
    page.get_by_label("Job title").fill("Browser Test Engineer")
    page.get_by_label("Company name").fill("Headless Ltd")
    page.get_by_label("Full Time").check()
    page.get_by_label("Category").select_option(index=1)
    page.get_by_label("City").fill("Lisbon")
    page.get_by_label("Country").fill("Portugal")
    page.get_by_label("Job description").fill("Drive Chromium all day.")
    page.get_by_label("Requirements").fill("Patience with flaky networks.")
    page.get_by_label("Contact email").fill("jobs@headless.example")
    page.get_by_role("button", name="Save and preview").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".flash")).to_contain_text("submitted for review")

    page.goto("/jobs/")
    page.get_by_role("link", name="My jobs").click()
    row = page.locator("tr.my-job", has_text="Browser Test Engineer")
    expect(row).to_contain_text("Headless Ltd")
    expect(row.locator(".job-status")).to_have_text(JobStatus.REVIEW.value)
    status = in_app(
        lambda: db.session.scalars(
            sa.select(Job.status).where(Job.job_title == "Browser Test Engineer")
        ).one()
    )
    assert status is JobStatus.REVIEW


def test_the_home_page_fits_a_phone_screen(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow == 0, f"the page scrolls {overflow}px sideways at 390px"
