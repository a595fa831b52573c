"""`gptbot analytics` and `gptbot audit` show the usage the bot estimated apart from what the provider
reported."""

import json
from pathlib import Path
from typing import Any

import pytest

from adapters.sql.event_store import EventStoreAggregates
from tests.entrypoints.cli_runner import run_gptbot
from tests.projections.bulk import fill
from tests.support.stores import sqlite_url

USERS, RECORDS, EVERY = 2, 10, 5
"""Records 0 and 5 of each user are estimates, priced 1,000 + n * user by `fill`."""
ESTIMATED_COST = sum(1_000 + n * user for user in (1, 2) for n in (0, 5))
ESTIMATED_USD = "$0.004015"


@pytest.fixture
def url(tmp_path: Path) -> str:
    database_url = sqlite_url(tmp_path)
    store = EventStoreAggregates.from_database_url(database_url)
    fill(store, users=USERS, records_per_user=RECORDS, estimated_every=EVERY)
    store.close()
    assert run_gptbot(["project", "--once"], b"", tmp_path, DATABASE_URL=database_url).returncode == 0
    return database_url


def gptbot(cwd: Path, url: str, *args: str) -> tuple[int, str]:
    done = run_gptbot(list(args), b"", cwd, DATABASE_URL=url, COLUMNS="200")
    return done.returncode, done.stdout.decode() + done.stderr.decode()


def as_json(cwd: Path, url: str, *args: str) -> Any:
    code, out = gptbot(cwd, url, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def test_analytics_counts_the_estimated_requests_and_their_cost_apart(tmp_path: Path, url: str) -> None:
    users = as_json(tmp_path, url, "analytics", "users")
    info = as_json(tmp_path, url, "analytics", "info")

    assert [u["counts"]["estimated_requests"] for u in users] == [2, 2]
    assert sum(u["counts"]["estimated_cost_micros"] for u in users) == ESTIMATED_COST
    totals = info["stats"]["totals"]
    assert (totals["requests"], totals["estimated_requests"]) == (USERS * RECORDS, 4)
    assert totals["estimated_cost_usd"] == ESTIMATED_USD


def test_the_analytics_tables_show_the_estimated_part(tmp_path: Path, url: str) -> None:
    code, info = gptbot(tmp_path, url, "analytics", "info", "--format", "table")
    _, users = gptbot(tmp_path, url, "analytics", "users", "--format", "table")

    assert code == 0, info
    [line] = [line for line in info.splitlines() if "of which estimated" in line]
    assert f"4 requests, {ESTIMATED_USD}" in line
    user_rows = [line for line in users.splitlines() if line.startswith(("1 ", "2 "))]
    assert len(user_rows) == 2 and all(" 2, $0.00" in row for row in user_rows)


def test_the_audit_compares_and_shows_the_estimated_part(tmp_path: Path, url: str) -> None:
    report = as_json(tmp_path, url, "audit", "replay")
    code, table = gptbot(tmp_path, url, "audit", "replay")

    assert report["ok"] is True and code == 0, table
    assert report["from_events"]["estimated_requests"] == report["in_views"]["estimated_requests"] == 4
    assert report["from_events"]["estimated_cost_micros"] == ESTIMATED_COST
    usd = ESTIMATED_USD
    assert (
        f"Of which estimated by the bot: 4 requests, {usd} from events; 4 requests, {usd} in views." in table
    )
