"""`gptbot analytics` as an operator runs it: after the console chat, and on a store of many users."""

import json
from pathlib import Path
from typing import Any

import pytest

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from tests.entrypoints.cli_runner import run_gptbot
from tests.projections.bulk import fill
from tests.support.stores import sqlite_url


def gptbot_json(cwd: Path, url: str, *args: str) -> Any:
    done = run_gptbot([*args, "--json"], b"", cwd, DATABASE_URL=url)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


@pytest.fixture
def url(tmp_path: Path) -> str:
    database_url = sqlite_url(tmp_path)
    store = EventStoreAggregates.from_database_url(database_url)
    fill(store, users=3, records_per_user=40)
    store.close()
    assert run_gptbot(["project", "--once"], b"", tmp_path, DATABASE_URL=database_url).returncode == 0
    return database_url


def test_the_console_chat_projects_its_messages_and_usage_without_storing_their_text(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    chat = run_gptbot(["chat"], b"hello\nhow are you\n", tmp_path, DATABASE_URL=url)
    assert chat.returncode == 0, chat.stderr.decode()

    [user] = gptbot_json(tmp_path, url, "analytics", "users")
    report = gptbot_json(tmp_path, url, "analytics", "user", "0")

    assert (user["user_id"], user["counts"]["messages"], user["counts"]["requests"]) == (0, 4, 2)
    kinds = [entry["kind"] for entry in report["timeline"]]
    assert kinds == [
        "conversation_started",
        "message",
        "usage:chat",
        "reply",
        "message",
        "usage:chat",
        "reply",
    ]
    assert all(entry["text"] is None for entry in report["timeline"])


def test_message_text_is_kept_in_the_timeline_only_when_configured(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    run_gptbot(["chat"], b"remember apricots\n", tmp_path, DATABASE_URL=url, ANALYTICS_STORE_CONTENT="true")

    report = gptbot_json(tmp_path, url, "analytics", "user", "0")

    assert [e["text"] for e in report["timeline"] if e["kind"] == "message"] == ["remember apricots"]


def test_daily_lists_each_users_usage_on_that_day_with_a_total(tmp_path: Path, url: str) -> None:
    day = gptbot_json(tmp_path, url, "analytics", "daily", "--date", "2026-11-03")

    assert day["date"] == "2026-11-03"
    assert sorted(row["user_id"] for row in day["users"]) == [1, 2, 3]
    assert all(row["day"] == "2026-11-03" for row in day["users"])
    assert day["total"]["cost_micros"] == sum(row["counts"]["cost_micros"] for row in day["users"]) > 0


def test_user_shows_totals_recent_days_and_timeline(tmp_path: Path, url: str) -> None:
    report = gptbot_json(tmp_path, url, "analytics", "user", "2", "--days", "3660")

    assert report["totals"]["counts"]["requests"] == 40
    assert sum(day["counts"]["requests"] for day in report["days"]) == 40
    assert len(report["timeline"]) == 20 and report["timeline"][-1]["kind"].startswith("usage:")


def test_info_reports_events_users_dates_size_and_lag(tmp_path: Path, url: str) -> None:
    info = gptbot_json(tmp_path, url, "analytics", "info")
    store = EventStoreAggregates.from_database_url(url)
    events = EventStoreLog(store.app).count()
    store.close()

    assert info["events"] == events == 123
    assert info["stats"]["users"] == 3 and info["lag"] == 0
    assert info["first_day"] == "2026-11-01" and info["last_day"] <= "2026-11-30"
    assert info["size_bytes"] > 0
    assert sum(m["counts"]["requests"] for m in info["stats"]["by_model"]) == 120


def test_info_shows_the_lag_when_events_are_not_yet_projected(tmp_path: Path, url: str) -> None:
    store = EventStoreAggregates.from_database_url(url)
    fill(store, users=1, records_per_user=4, first_user=9)
    store.close()

    info = gptbot_json(tmp_path, url, "analytics", "info")

    assert info["lag"] == 5


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["analytics", "daily", "--date", "yesterday"], "expected a date like"),
    ],
)
def test_bad_arguments_get_a_clear_message(tmp_path: Path, args: list[str], complaint: str) -> None:
    done = run_gptbot(args, b"", tmp_path, DATABASE_URL=sqlite_url(tmp_path), COLUMNS="200")

    assert done.returncode == 2
    assert complaint in done.stderr.decode()


def test_the_tables_render_for_people(tmp_path: Path, url: str) -> None:
    for args in (["users"], ["daily", "--date", "2026-11-03"], ["user", "1"], ["info"]):
        done = run_gptbot(
            ["analytics", *args, "--format", "table"], b"", tmp_path, DATABASE_URL=url, COLUMNS="200"
        )
        assert done.returncode == 0, done.stderr.decode()
        assert "$" in done.stdout.decode() or "nothing recorded" in done.stdout.decode()
