"""A user's page shows a new message without being reloaded."""

import uuid
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.dashboard.browser.operator_store import chat

LIVE_WAIT_MS = 30_000
"""Generous: the page asks again every few seconds; this only bounds a broken page's wait."""


def test_a_message_written_while_the_user_page_is_open_appears_without_a_reload(
    page: Page, store_dir: Path, store_url: str
) -> None:
    words = f"live apricots {uuid.uuid4().hex[:8]}"
    page.goto("/users/0")
    mine = page.locator(".entry.user .bubble .text").filter(has_text=words)
    expect(mine).to_have_count(0)
    loaded = page.evaluate("performance.timeOrigin")

    chat(store_dir, store_url, words)

    expect(mine).to_have_count(1, timeout=LIVE_WAIT_MS)
    expect(page.locator(".entry.bot .bubble .text").filter(has_text=words)).to_have_count(1)
    assert page.evaluate("performance.timeOrigin") == loaded  # the same document: no reload
