"""The users page: found by id, sorted by a column, and each user's timeline as chat bubbles."""

from playwright.sync_api import Page, expect

from tests.dashboard.browser.operator_store import HTML_MESSAGE, OTHER_USERS
from tests.dashboard.browser.screenshots import save_screenshot

ID_CELLS = "table.users tbody tr td:first-child"


def shown_ids(page: Page) -> list[int]:
    return [int(cell) for cell in page.locator(ID_CELLS).all_inner_texts()]


def test_searching_by_id_finds_the_user(page: Page) -> None:
    page.goto("/users")
    page.get_by_role("searchbox").fill("11")
    page.get_by_role("button", name="Show").click()

    expect(page.locator(ID_CELLS)).to_have_text(["11"])
    expect(page.get_by_text("1 users matching “11”")).to_be_visible()


def test_sorting_by_a_column_changes_the_order(page: Page) -> None:
    page.goto("/users")
    expect(page.locator(ID_CELLS)).to_have_count(OTHER_USERS + 1)
    save_screenshot(page, "users")

    page.locator("th a", has_text="User").click()
    expect(page.locator("th a[aria-sort]")).to_have_attribute("aria-sort", "descending")
    descending = shown_ids(page)
    page.locator("th a", has_text="User").click()
    expect(page.locator("th a[aria-sort]")).to_have_attribute("aria-sort", "ascending")
    ascending = shown_ids(page)

    assert descending == sorted(descending, reverse=True)
    assert ascending == sorted(ascending) == list(reversed(descending))
    assert ascending != descending


def test_a_users_timeline_shows_their_messages_as_bubbles_with_html_shown_literally(page: Page) -> None:
    page.goto("/users?q=0")
    page.get_by_role("link", name="0", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("User 0")
    mine = page.locator(".entry.user .bubble .text")
    expect(mine.filter(has_text=HTML_MESSAGE)).to_have_count(1)
    expect(page.locator(".entry.bot .bubble .text").filter(has_text=HTML_MESSAGE)).to_have_count(1)
    expect(page.locator(".timeline b")).to_have_count(0)  # the message's <b> is text, not markup
    expect(mine.filter(has_text="hello")).to_have_count(1)
    save_screenshot(page, "user")
