"""At a phone's width the pages fit: the body never scrolls sideways, wide tables scroll in their box."""

import pytest
from playwright.sync_api import Page, expect

from tests.dashboard.browser.screenshots import save_screenshot

PAGES = ["/", "/users", "/users/0", "/users/1", "/audit", "/health"]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_does_not_scroll_sideways_on_a_phone(phone_page: Page, path: str) -> None:
    phone_page.goto(path)
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()

    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if path == "/":
        save_screenshot(phone_page, "overview-phone", full_page=False)


def test_the_users_table_scrolls_inside_its_own_box_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/users")
    box = phone_page.locator(".scroll").filter(has=phone_page.locator("table.users"))

    fits = box.evaluate(
        "box => ({ wider: box.scrollWidth > box.clientWidth, inside: box.getBoundingClientRect().right"
        " <= window.innerWidth, scrolls: getComputedStyle(box).overflowX })"
    )

    assert fits == {"wider": True, "inside": True, "scrolls": "auto"}
