"""The dashboard in a real browser: Debian's Chromium driven by Playwright, over a real `gptbot
dashboard` process on a store the console chat wrote."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, StorageState, sync_playwright

from tests.dashboard.browser.console import Problems
from tests.dashboard.browser.dashboard_process import DashboardProcess
from tests.dashboard.browser.operator_store import make_store, operator_env
from tests.support.stores import sqlite_url

CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="package")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("operator")


@pytest.fixture(scope="package")
def store_url(store_dir: Path) -> str:
    url = sqlite_url(store_dir)
    make_store(store_dir, url)
    return url


def start_dashboard(store_dir: Path, store_url: str) -> Iterator[DashboardProcess]:
    dashboard = DashboardProcess(operator_env(store_url), store_dir)
    try:
        yield dashboard
    finally:
        dashboard.stop()


@pytest.fixture(scope="package")
def dashboard(store_dir: Path, store_url: str) -> Iterator[DashboardProcess]:
    yield from start_dashboard(store_dir, store_url)


@pytest.fixture
def fresh_dashboard(store_dir: Path, store_url: str) -> Iterator[DashboardProcess]:
    """A dashboard of its own, so the test holds the only use of its sign-in link."""
    yield from start_dashboard(store_dir, store_url)


# Package scope, not session: Playwright's sync API keeps an event loop running in this thread until it
# stops, and every async test after this package needs the thread without one.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip(f"{CHROMIUM} is missing: scripts/ensure-test-services.sh installs it")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Playwright's own browser builds cannot be downloaded here: Debian's Chromium it is.
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def signed_in(browser: Browser, dashboard: DashboardProcess) -> StorageState:
    """The session cookie the dashboard's own link gives, kept for every test's browser context."""
    context = browser.new_context(base_url=dashboard.base_url)
    try:
        context.new_page().goto(dashboard.link)
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def problems() -> Problems:
    return Problems()


def context_of(
    browser: Browser, dashboard: DashboardProcess, state: StorageState, viewport: dict[str, int]
) -> BrowserContext:
    return browser.new_context(
        base_url=dashboard.base_url,
        storage_state=state,
        viewport={"width": viewport["width"], "height": viewport["height"]},
        accept_downloads=True,
    )


@pytest.fixture
def page(
    browser: Browser, dashboard: DashboardProcess, signed_in: StorageState, problems: Problems
) -> Iterator[Page]:
    """A signed-in admin's page at a desktop's size; no page may log an error or break the CSP."""
    context = context_of(browser, dashboard, signed_in, DESKTOP)
    yield problems.watch(context.new_page())
    context.close()
    assert problems.seen == []


@pytest.fixture
def phone_page(
    browser: Browser, dashboard: DashboardProcess, signed_in: StorageState, problems: Problems
) -> Iterator[Page]:
    context = context_of(browser, dashboard, signed_in, PHONE)
    yield problems.watch(context.new_page())
    context.close()
    assert problems.seen == []
