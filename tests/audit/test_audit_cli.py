"""`gptbot audit` as an operator runs it, on an SQLite file."""

import json
from pathlib import Path

import pytest

from adapters.sql.event_store import EventStoreAggregates
from tests.audit.tampering import alter_record
from tests.entrypoints.cli_runner import run_gptbot
from tests.projections.bulk import fill
from tests.support.stores import sqlite_url


@pytest.fixture
def url(tmp_path: Path) -> str:
    """An SQLite store with three users' usage, projected by `gptbot project --once`."""
    database_url = sqlite_url(tmp_path)
    store = EventStoreAggregates.from_database_url(database_url)
    fill(store, users=3, records_per_user=40)
    store.close()
    done = gptbot(tmp_path, database_url, "project", "--once")
    assert done.returncode == 0, done.stderr
    return database_url


class Done:
    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def gptbot(cwd: Path, database_url: str, *args: str) -> Done:
    done = run_gptbot(list(args), b"", cwd, DATABASE_URL=database_url, COLUMNS="200")
    return Done(done.returncode, done.stdout.decode(), done.stderr.decode())


def test_replay_of_an_untouched_store_exits_0_and_its_totals_match_the_views(
    tmp_path: Path, url: str
) -> None:
    table = gptbot(tmp_path, url, "audit", "replay")
    as_json = gptbot(tmp_path, url, "audit", "replay", "--json")
    users = json.loads(gptbot(tmp_path, url, "analytics", "users", "--json").stdout)

    assert table.returncode == 0, table.stdout + table.stderr
    assert "OK" in table.stdout
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 0 and report["ok"] is True
    assert report["records"] == 120 and report["breaks"] == [] and report["mismatches"] == []
    assert report["from_events"] == report["in_views"]
    assert report["from_events"]["cost_micros"] == sum(u["counts"]["cost_micros"] for u in users)


def test_replay_after_a_record_was_edited_in_the_database_names_it_and_exits_1(
    tmp_path: Path, url: str
) -> None:
    alter_record(url, "request-2-17", output_tokens=1)

    table = gptbot(tmp_path, url, "audit", "replay")
    report = json.loads(gptbot(tmp_path, url, "audit", "replay", "--json").stdout)

    assert table.returncode == 1
    assert "request-2-17" in table.stdout and "FAILED" in table.stdout
    assert [(b["user_id"], b["request_id"]) for b in report["breaks"]] == [(2, "request-2-17")]
    assert {(m["user_id"], m["field"]) for m in report["mismatches"]} == {(2, "output_tokens")}


def test_replay_scoped_to_another_user_or_other_days_passes(tmp_path: Path, url: str) -> None:
    alter_record(url, "request-2-17", output_tokens=1)

    other_user = gptbot(tmp_path, url, "audit", "replay", "--user", "1")
    that_user = gptbot(
        tmp_path, url, "audit", "replay", "--user", "2", "--from", "2026-11-01", "--to", "2026-11-30"
    )

    assert other_user.returncode == 0, other_user.stdout
    assert that_user.returncode == 1


def test_rebuild_drops_and_reprojects_the_views_which_then_pass_the_audit(tmp_path: Path, url: str) -> None:
    before = gptbot(tmp_path, url, "analytics", "users", "--json").stdout

    rebuilt = gptbot(tmp_path, url, "audit", "rebuild")

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt the views from 123 events" in rebuilt.stdout
    assert gptbot(tmp_path, url, "analytics", "users", "--json").stdout == before
    assert gptbot(tmp_path, url, "audit", "replay").returncode == 0


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--from", "2026-13-01"], "expected a date like 2026-11-21"),
        (["--from", "2026-11-20", "--to", "2026-11-01"], "--from is after --to"),
    ],
)
def test_replay_refuses_bad_options_with_a_clear_message(
    tmp_path: Path, args: list[str], complaint: str
) -> None:
    done = gptbot(tmp_path, sqlite_url(tmp_path), "audit", "replay", *args)

    assert done.returncode == 2
    assert complaint in done.stderr
