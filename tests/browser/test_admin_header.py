"""The admin header: six sections on one line at 1280 px, a way back to the site and out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_menu_fits_one_line_at_1280_px(staff_page: Page) -> None:
    staff_page.set_viewport_size({"width": 1280, "height": 800})
    staff_page.goto("/admin/")
    tops = staff_page.locator(
        "#admin-navbar-collapse > ul > li, #admin-navbar-collapse > a"
    ).evaluate_all(
        "items => items.map(item => [item.textContent.trim().slice(0, 12),"
        " Math.round(item.getBoundingClientRect().top),"
        " Math.round(item.getBoundingClientRect().bottom)])"
    )
    assert len(tops) >= 10  # brand, Home, six sections, View site, name, Log out
    bottoms = [bottom for _, _, bottom in tops]
    assert max(bottoms) - min(bottoms) <= 24, tops


def test_the_dashboard_links_to_a_filtered_queue_and_staff_log_out(
    staff_page: Page,
) -> None:
    staff_page.goto("/admin/")
    staff_page.get_by_role("link", name="Jobs awaiting review").click()
    expect(staff_page).to_have_url(re.compile(r"/admin/jobs/\?flt0_\d+=REVIEW"))
    expect(staff_page.get_by_role("link", name="View site")).to_be_visible()
    staff_page.get_by_role("button", name="Log out").click()
    staff_page.goto("/admin/")
    expect(staff_page).to_have_url(re.compile(r"/accounts/login/"))
