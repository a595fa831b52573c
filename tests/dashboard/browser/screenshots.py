"""The README's pictures of the dashboard, taken by the tests from the pages they check."""

from pathlib import Path

from playwright.sync_api import Page

from tests.entrypoints.cli_runner import REPO

SCREENSHOTS = REPO / "docs" / "screenshots"


def save_screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page, animations="disabled")
    return path
