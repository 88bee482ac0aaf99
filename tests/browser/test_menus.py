"""The header's menus in a real browser: by keyboard, and folded on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_sub_menus_open_and_close_by_keyboard(page: Page) -> None:
    page.goto("/")
    toggle = page.get_by_role("button", name="About menu")
    submenu = page.locator("#" + toggle.get_attribute("aria-controls"))
    expect(submenu).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(submenu).to_be_visible()
    page.keyboard.press("Tab")
    expect(submenu.get_by_role("link").first).to_be_focused()

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(submenu).to_be_hidden()
    expect(toggle).to_be_focused()


def test_the_menu_folds_behind_a_menu_button_on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")
    menu = page.locator("#main-nav")
    button = page.get_by_role("button", name="Menu", exact=True)
    expect(menu).to_be_hidden()
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Downloads", exact=True)).to_be_visible()
    # The page does not scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
