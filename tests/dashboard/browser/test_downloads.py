"""The CSV downloads hold the tables the pages show."""

import csv
import io
from pathlib import Path

from playwright.sync_api import Page

from tests.dashboard.browser.operator_store import HTML_MESSAGE, gptbot_json


def downloaded(page: Page, link: str) -> tuple[str, list[dict[str, str]]]:
    with page.expect_download() as started:
        page.get_by_role("link", name=link, exact=True).click()
    download = started.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    return download.suggested_filename, rows


def test_the_users_csv_has_a_row_per_user_with_the_counts_gptbot_analytics_reports(
    page: Page, store_dir: Path, store_url: str
) -> None:
    page.goto("/users")
    name, rows = downloaded(page, "CSV")
    users = gptbot_json(store_dir, store_url, "analytics", "users")

    assert name == "users.csv"
    assert list(rows[0])[:6] == ["user_id", "name", "username", "status", "first_seen", "last_seen"]
    assert {"requests", "messages", "cost_usd", "month_usd"} <= set(rows[0])
    expected = {u["user_id"]: (u["counts"]["requests"], u["counts"]["cost_usd"]) for u in users}
    assert {int(r["user_id"]): (int(r["requests"]), r["cost_usd"]) for r in rows} == expected
    assert next(r for r in rows if r["user_id"] == "1")["name"] == "Ada Lovelace"


def test_the_timeline_csv_holds_the_message_text_as_written(page: Page) -> None:
    page.goto("/users/0")
    name, rows = downloaded(page, "timeline")

    assert name == "user-0-timeline.csv"
    assert list(rows[0])[:4] == ["position", "at", "kind", "text"]
    assert HTML_MESSAGE in [r["text"] for r in rows if r["kind"] == "message"]
