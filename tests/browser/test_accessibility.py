"""axe-core on the main pages of the site and the admin: no serious or critical issue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from pydotorg.domains.downloads.services import ReleaseService
from pydotorg.domains.jobs.models import Job
from pydotorg.extensions import db

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def assert_accessible(axe: Axe, page: Page) -> None:
    violations = [
        violation
        for violation in axe.run(page).response["violations"]
        if violation["impact"] in BLOCKING
    ]
    report = "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe on {page.url}:\n{report}"


def latest_release_url() -> str:
    return f"/downloads/release/{ReleaseService(db.session).latest_python3().slug}/"


def an_approved_job_url() -> str:
    slug = db.session.scalars(
        sa.select(Job.slug).where(Job.slug == "senior-python-developer-acme-analytics")
    ).one()
    return f"/jobs/{slug}/"


PUBLIC_PAGES: dict[str, str | Callable[[], str]] = {
    "home": "/",
    "downloads": "/downloads/",
    "a release": latest_release_url,
    "jobs": "/jobs/",
    "a job": an_approved_job_url,
    "events": "/events/",
    "a CMS page": "/about/gettingstarted/",
    "login": "/accounts/login/",
    "sign-up": "/accounts/signup/",
}

ADMIN_PAGES = {
    "index": "/admin/",
    "jobs list": "/admin/jobs/",
    "pages list": "/admin/pages/",
    "job edit": "/admin/jobs/edit/?id={job_id}",
    "page edit": "/admin/pages/edit/?id={page_id}",
}


@pytest.mark.parametrize("where", PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_issue(
    where: str, page: Page, axe: Axe, in_app: Any
) -> None:
    url = PUBLIC_PAGES[where]
    page.goto(url if isinstance(url, str) else in_app(url))
    assert_accessible(axe, page)


@pytest.mark.parametrize("where", ADMIN_PAGES)
def test_admin_page_has_no_serious_accessibility_issue(
    where: str, staff_page: Page, axe: Axe, in_app: Any
) -> None:
    from pydotorg.domains.pages.models import Page as CmsPage

    def ids() -> dict[str, str]:
        return {
            "job_id": str(
                db.session.scalars(
                    sa.select(Job.id).where(
                        Job.slug == "django-web-developer-tulip-web-studio"
                    )
                ).one()
            ),
            "page_id": str(
                db.session.scalars(
                    sa.select(CmsPage.id).where(CmsPage.path == "about")
                ).one()
            ),
        }

    staff_page.goto(ADMIN_PAGES[where].format(**in_app(ids)))
    assert_accessible(axe, staff_page)
