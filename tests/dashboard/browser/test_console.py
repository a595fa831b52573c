"""No page logs an error or breaks its Content-Security-Policy, while its live parts refresh too."""

import contextlib

import pytest
from playwright.sync_api import Browser, Page, StorageState, expect
from playwright.sync_api import Error as PlaywrightError

from tests.dashboard.browser.console import Problems
from tests.dashboard.browser.dashboard_process import DashboardProcess

LIVE_WAIT_MS = 30_000


@pytest.mark.parametrize("path", ["/", "/users/0"])
def test_a_live_page_refreshes_without_console_errors(page: Page, problems: Problems, path: str) -> None:
    page.goto(path)
    with page.expect_response(lambda answer: "/fragments/" in answer.url, timeout=LIVE_WAIT_MS) as fetched:
        pass
    assert fetched.value.status == 200
    expect(page.locator("[data-live-stale]")).to_have_count(0)

    assert problems.seen == []


@pytest.mark.parametrize("path", ["/users", "/audit", "/health", "/users/1?from=2026-11-01&to=2026-11-30"])
def test_the_other_pages_load_without_console_errors(page: Page, problems: Problems, path: str) -> None:
    answer = page.goto(path)
    page.wait_for_load_state("networkidle")

    assert answer is not None and answer.status == 200
    assert problems.seen == []


def test_an_inline_script_is_refused_by_the_pages_policy_and_the_refusal_is_seen(
    browser: Browser, dashboard: DashboardProcess, signed_in: StorageState
) -> None:
    # What the checks above listen for: a violation of the Content-Security-Policy does show up.
    context = browser.new_context(base_url=dashboard.base_url, storage_state=signed_in)
    watched = Problems()
    page = watched.watch(context.new_page())
    page.goto("/")

    with contextlib.suppress(PlaywrightError):
        page.add_script_tag(content="document.body.dataset.injected = 'yes'")

    assert page.evaluate("document.body.dataset.injected") is None
    assert any("Content Security Policy" in problem for problem in watched.seen), watched.seen
    context.close()
