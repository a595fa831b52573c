"""The overview's numbers are the ones `gptbot analytics info` reports for the same store."""

from pathlib import Path

from playwright.sync_api import Page, expect

from tests.dashboard.browser.operator_store import gptbot_json
from tests.dashboard.browser.screenshots import save_screenshot

STATS = ("users", "active_today", "active_7_days", "active_30_days")
TOTALS = ("messages", "requests", "images", "documents", "input_tokens", "output_tokens", "cached_tokens")
AMOUNTS = {"cost": "cost_usd", "estimated_cost": "estimated_cost_usd"}


def shown(page: Page, stat: str) -> str:
    return page.locator(f'[data-stat="{stat}"]').inner_text()


def test_the_overview_shows_the_numbers_gptbot_analytics_info_reports(
    page: Page, store_dir: Path, store_url: str
) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overview")
    info = gptbot_json(store_dir, store_url, "analytics", "info")["stats"]

    numbers = {stat: int(shown(page, stat).replace(" ", "")) for stat in (*STATS, *TOTALS)}
    amounts = {stat: shown(page, stat) for stat in AMOUNTS}

    assert numbers == {**{s: info[s] for s in STATS}, **{t: info["totals"][t] for t in TOTALS}}
    assert amounts == {stat: info["totals"][key] for stat, key in AMOUNTS.items()}
    assert numbers["users"] == 13 and info["totals"]["cost_micros"] > 0
    save_screenshot(page, "overview")


def test_the_charts_legends_are_small_swatches_beside_their_names(page: Page) -> None:
    page.goto("/")
    swatches = page.locator("figure.chart .legend li svg")
    expect(swatches.first).to_be_visible()

    widths = [box["width"] for box in (s.bounding_box() for s in swatches.all()) if box is not None]
    rows = page.locator("figure.chart .legend li").evaluate_all(
        "items => items.map(item => item.getBoundingClientRect().height)"
    )

    assert widths and all(width <= 12 for width in widths)
    assert all(height < 30 for height in rows)  # one line each: swatch and name side by side
