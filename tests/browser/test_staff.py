"""What staff do in the admin, in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from flask_admin.model import BaseModelView
from playwright.sync_api import Dialog, Page, expect

from pydotorg.domains.downloads.models import Release
from pydotorg.domains.jobs.models import Job, JobStatus
from pydotorg.domains.pages.models import Page as CmsPage
from pydotorg.extensions import db
from tests.browser.conftest import STAFF_USERNAME, log_in

pytestmark = pytest.mark.browser


def admin_list_urls(app: Flask) -> list[str]:
    """The list page of every model view in the admin."""
    [admin] = app.extensions["admin"]
    with app.test_request_context():
        return [
            url_for(f"{view.endpoint}.index_view")
            for view in admin._views
            if isinstance(view, BaseModelView)
        ]


def select_row(page: Page, row_text: str) -> None:
    row = page.locator("table.model-list tbody tr", has_text=row_text)
    expect(row).to_have_count(1)
    row.locator("input.action-checkbox").check()


def run_bulk_action(page: Page, name: str) -> None:
    page.get_by_role("button", name="With selected").or_(
        page.get_by_role("link", name="With selected")
    ).click()
    page.locator(".dropdown-menu").get_by_text(name, exact=True).click()


def test_staff_log_in_and_reach_the_admin(page: Page) -> None:
    log_in(page, STAFF_USERNAME)
    page.get_by_role("link", name="Admin", exact=True).click()

    expect(page).to_have_title("Home - Python.org admin")
    expect(page.get_by_role("link", name="Python.org admin")).to_be_visible()


def test_every_admin_list_page_opens(staff_page: Page, app: Flask) -> None:
    urls = admin_list_urls(app)
    assert len(urls) > 40
    for url in urls:
        response = staff_page.goto(url)
        assert response is not None
        assert response.status == 200, f"{url}: {response.status}"
        expect(staff_page.locator("table.model-list")).to_be_visible()


def test_a_bulk_action_asks_first_and_does_nothing_when_refused(
    staff_page: Page, in_app: Any
) -> None:
    def published(slug: str) -> bool:
        return in_app(
            lambda: db.session.scalars(
                sa.select(Release.is_published).where(Release.slug == slug)
            ).one()
        )

    assert published("python-3150a3")
    staff_page.goto("/admin/releases/?search=3.15.0a3")
    select_row(staff_page, "3.15.0a3")
    questions: list[str] = []

    def refuse(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    staff_page.once("dialog", refuse)
    run_bulk_action(staff_page, "Unpublish")

    expect(staff_page.locator("input.action-checkbox:checked")).to_have_count(1)
    assert questions == ["Hide the selected releases from the public?"]
    assert published("python-3150a3")


def test_the_page_editor_preview_follows_the_rest_being_typed(
    staff_page: Page, in_app: Any
) -> None:
    page_id = in_app(
        lambda: db.session.scalars(
            sa.select(CmsPage.id).where(CmsPage.path == "about/gettingstarted")
        ).one()
    )
    staff_page.goto(f"/admin/pages/edit/?id={page_id}")
    preview = staff_page.locator("#page-preview")
    status = staff_page.locator("#page-preview-status")
    expect(status).to_have_text("Up to date")
    expect(staff_page.locator("select#content_type")).to_have_value("RESTRUCTUREDTEXT")

    editor = staff_page.locator("textarea#content")
    editor.fill("")
    editor.press_sequentially(
        "Typed in a browser\n==================\n\nSome *emphasis* here.\n"
    )

    expect(preview.get_by_role("heading", name="Typed in a browser")).to_be_visible()
    expect(preview.locator("em")).to_have_text("emphasis")
    expect(status).to_have_text("Up to date")


def test_approving_a_submitted_job_from_its_list_puts_it_on_the_board(
    staff_page: Page, in_app: Any
) -> None:
    def job_in_review() -> tuple[str, str]:
        job = db.session.scalars(
            sa.select(Job).where(Job.slug == "python-trainer-learn-py-academy")
        ).one()
        assert job.status is JobStatus.REVIEW
        return job.job_title, job.company_name

    title, company = in_app(job_in_review)
    staff_page.goto("/jobs/")
    expect(staff_page.get_by_role("link", name=title)).to_have_count(0)

    staff_page.goto("/admin/jobs/")
    select_row(staff_page, title)
    questions: list[str] = []

    def accept(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    staff_page.once("dialog", accept)
    run_bulk_action(staff_page, "Approve")
    expect(staff_page.locator(".alert-success")).to_contain_text("approved")
    assert questions == ["Approve the selected jobs?"]

    staff_page.goto("/jobs/")
    staff_page.get_by_role("link", name=title).click()
    expect(staff_page.get_by_role("heading", level=1)).to_contain_text(title)
    expect(staff_page.locator("main")).to_contain_text(company)
