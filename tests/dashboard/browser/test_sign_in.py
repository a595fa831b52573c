"""Only an admin with the dashboard's link gets in, once per link, and the token does not stay in sight."""

from playwright.sync_api import Browser, expect

from tests.dashboard.browser.console import Problems
from tests.dashboard.browser.dashboard_process import DashboardProcess


def test_without_signing_in_the_overview_is_the_sign_in_page_and_shows_no_numbers(
    browser: Browser, fresh_dashboard: DashboardProcess, problems: Problems
) -> None:
    context = browser.new_context(base_url=fresh_dashboard.base_url)
    page = problems.watch(context.new_page())

    answer = page.goto("/")

    assert answer is not None and answer.status == 401
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.locator("[data-stat]")).to_have_count(0)
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    assert problems.besides_refused_pages() == []
    context.close()


def test_the_link_signs_in_once_and_leaves_the_address_bar(
    browser: Browser, fresh_dashboard: DashboardProcess, problems: Problems
) -> None:
    context = browser.new_context(base_url=fresh_dashboard.base_url)
    page = problems.watch(context.new_page())
    token = fresh_dashboard.link.split("token=", 1)[1]

    answer = page.goto(fresh_dashboard.link)

    assert answer is not None and answer.status == 200
    assert page.url == fresh_dashboard.base_url + "/"
    assert token not in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    expect(page.locator('[data-stat="users"]')).to_be_visible()

    elsewhere = problems.watch(browser.new_context(base_url=fresh_dashboard.base_url).new_page())
    again = elsewhere.goto(fresh_dashboard.link)

    assert again is not None and again.status == 403
    expect(elsewhere.locator(".problem")).to_contain_text("This link cannot be used")
    expect(elsewhere.locator("[data-stat]")).to_have_count(0)
    assert problems.besides_refused_pages() == []
    elsewhere.context.close()
    context.close()
