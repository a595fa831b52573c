"""`gptbot analytics` as people and scripts read it: named users, tables that never cut a number at 80
columns, CSV when printing to a file, JSON when asked, and the summary of everything without a command."""

import json
import os
import pty
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sql.event_store import EventStoreAggregates
from domain.access import AccessLedger
from tests.entrypoints.cli_runner import GPTBOT, clean_env, run_gptbot
from tests.projections.bulk import fill
from tests.support.stores import sqlite_url

NAMED_AT = datetime(2026, 11, 2, tzinfo=UTC)
NAMES = {1: ("Ada Lovelace", "ada"), 2: ("Grace Brewster Murray Hopper, Rear Admiral", None)}


@pytest.fixture
def url(tmp_path: Path) -> str:
    database_url = sqlite_url(tmp_path)
    store = EventStoreAggregates.from_database_url(database_url)
    fill(store, users=3, records_per_user=40)
    for user_id, (name, username) in NAMES.items():
        ledger = AccessLedger(user_id=user_id, at=NAMED_AT)
        ledger.record_name(name, username, NAMED_AT)
        store.app.save(ledger)
    store.close()
    assert run_gptbot(["project", "--once"], b"", tmp_path, DATABASE_URL=database_url).returncode == 0
    return database_url


def gptbot(cwd: Path, url: str, *args: str, **env: str) -> str:
    done = run_gptbot(["analytics", *args], b"", cwd, DATABASE_URL=url, COLUMNS="80", **env)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def trimmed(table: str) -> str:
    """Without the spaces rich pads each line of a table with."""
    return "".join(line.rstrip() + "\n" for line in table.splitlines())


USERS_TABLE = """\
                                     Users
user     reqs input output cached imgs docs msgs      cost est.        last seen
────────────────────────────────────────────────────────────────────────────────
3          40 4,780    920    780   10   10    0 $0.042340    - 2026-11-10 00:00
2 (Grace   40 4,780    880    780   10   10    0 $0.041560    - 2026-11-09 17:00
Brewster
Murray
Hopper,
Rear
Admiral)
1 (Ada     40 4,780    840    780   10   10    0 $0.040780    - 2026-11-09 10:00
Lovelace
@ada)
"""

DAILY_TABLE = """\
                              Usage on 2026-11-03
user                      reqs input output cached imgs docs msgs      cost est.
────────────────────────────────────────────────────────────────────────────────
1 (Ada Lovelace @ada)        4   442     84     42    1    1    0 $0.004042    -
2 (Grace Brewster Murray     5   545    110     45    2    1    0 $0.005090    -
Hopper, Rear Admiral)
3                            5   540    115     40    1    2    0 $0.005120    -

total                       14 1,527    309    127    4    4    0 $0.014252    -
"""

USERS_CSV = """\
user_id,name,username,requests,input_tokens,output_tokens,cached_tokens,images,documents,messages,\
cost_usd,estimated_requests,estimated_cost_usd,first_seen,last_seen
3,,,40,4780,920,780,10,10,0,$0.042340,0,$0.000000,2026-11-01T21:00:00+00:00,2026-11-10T00:00:00+00:00
2,"Grace Brewster Murray Hopper, Rear Admiral",,40,4780,880,780,10,10,0,$0.041560,0,$0.000000,\
2026-11-01T14:00:00+00:00,2026-11-09T17:00:00+00:00
1,Ada Lovelace,ada,40,4780,840,780,10,10,0,$0.040780,0,$0.000000,2026-11-01T07:00:00+00:00,\
2026-11-09T10:00:00+00:00
"""


def test_at_80_columns_the_users_table_names_people_and_keeps_every_number_whole(
    tmp_path: Path, url: str
) -> None:
    table = gptbot(tmp_path, url, "users", "--format", "table")

    assert trimmed(table) == USERS_TABLE
    assert max(len(line) for line in table.splitlines()) == 80


def test_at_80_columns_the_days_table_wraps_names_before_any_number(tmp_path: Path, url: str) -> None:
    assert trimmed(gptbot(tmp_path, url, "daily", "--date", "2026-11-03", "--format", "table")) == DAILY_TABLE


def test_a_table_whose_numbers_cannot_fit_is_printed_wider_rather_than_cut(tmp_path: Path, url: str) -> None:
    done = run_gptbot(
        ["analytics", "users", "--format", "table"], b"", tmp_path, DATABASE_URL=url, COLUMNS="40"
    )
    lines = done.stdout.decode().splitlines()

    assert {len(line) for line in lines[1:]} == {70}
    assert [line.rstrip() for line in lines[1:6]] == [
        "user reqs input output cached imgs docs msgs      cost est.  last seen",
        "─" * 70,
        "3      40 4,780    920    780   10   10    0 $0.042340    - 2026-11-10",
        " " * 65 + "00:00",
        "2      40 4,780    880    780   10   10    0 $0.041560    - 2026-11-09",
    ]


def test_printed_to_a_file_the_users_are_csv_with_their_names(tmp_path: Path, url: str) -> None:
    assert gptbot(tmp_path, url, "users") == USERS_CSV
    assert gptbot(tmp_path, url, "users", "--format", "csv") == USERS_CSV


def test_a_day_as_csv_has_one_row_per_user_and_no_total(tmp_path: Path, url: str) -> None:
    lines = gptbot(tmp_path, url, "daily", "--date", "2026-11-03").splitlines()

    assert lines == [
        "day,user_id,name,username,requests,input_tokens,output_tokens,cached_tokens,images,documents,"
        "messages,cost_usd,estimated_requests,estimated_cost_usd",
        "2026-11-03,1,Ada Lovelace,ada,4,442,84,42,1,1,0,$0.004042,0,$0.000000",
        '2026-11-03,2,"Grace Brewster Murray Hopper, Rear Admiral",,5,545,110,45,2,1,0,$0.005090,0,$0.000000',
        "2026-11-03,3,,,5,540,115,40,1,2,0,$0.005120,0,$0.000000",
    ]


def test_on_a_terminal_the_users_are_a_table(tmp_path: Path, url: str) -> None:
    screen, terminal = pty.openpty()
    env = clean_env(DATABASE_URL=url, COLUMNS="80", TERM="dumb")
    done = subprocess.run(
        [str(GPTBOT), "analytics", "users"], cwd=tmp_path, env=env, stdout=terminal, timeout=60
    )
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(screen, 65536)
        except OSError:  # the terminal's other end is closed and everything was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(screen)

    assert done.returncode == 0
    assert trimmed(shown.decode().replace("\r\n", "\n")) == USERS_TABLE


@pytest.mark.parametrize("command", [["users"], ["daily", "--date", "2026-11-03"], ["user", "1"], ["info"]])
def test_json_is_the_same_asked_either_way(tmp_path: Path, url: str, command: list[str]) -> None:
    assert json.loads(gptbot(tmp_path, url, *command, "--json")) == json.loads(
        gptbot(tmp_path, url, *command, "--format", "json")
    )


def test_json_and_another_format_together_are_refused(tmp_path: Path, url: str) -> None:
    done = run_gptbot(
        ["analytics", "users", "--json", "--format", "csv"], b"", tmp_path, DATABASE_URL=url, COLUMNS="200"
    )

    assert done.returncode == 2
    assert "--json asks for JSON, --format for csv" in done.stderr.decode()


def test_pseudonymous_analytics_show_ids_only(tmp_path: Path, url: str) -> None:
    csv_lines = gptbot(tmp_path, url, "users", ANALYTICS_PSEUDONYMOUS="true").splitlines()
    table = gptbot(
        tmp_path, url, "daily", "--date", "2026-11-03", "--format", "table", ANALYTICS_PSEUDONYMOUS="true"
    )
    user = gptbot(tmp_path, url, "user", "2", "--format", "table", ANALYTICS_PSEUDONYMOUS="true")

    assert [line.split(",")[:3] for line in csv_lines] == [
        ["user_id", "name", "username"],
        ["3", "", ""],
        ["2", "", ""],
        ["1", "", ""],
    ]
    assert [line.split()[0] for line in table.splitlines()[3:6]] == ["1", "2", "3"]
    assert user.splitlines()[0].strip() == "User 2"
    assert not any(word in table + user for word in ("Ada", "@ada", "Grace"))


def test_one_user_is_titled_with_their_name(tmp_path: Path, url: str) -> None:
    table = gptbot(tmp_path, url, "user", "1", "--days", "3660", "--format", "table")

    assert table.splitlines()[0].strip() == "User 1 (Ada Lovelace @ada)"
    assert table.splitlines()[3].split() == [
        "all",
        "time",
        "40",
        "4,780",
        "840",
        "780",
        "10",
        "10",
        "0",
        "$0.040780",
        "-",
    ]


def test_without_a_command_analytics_sums_up_everything(tmp_path: Path, url: str) -> None:
    table = gptbot(tmp_path, url, "--format", "table")
    as_csv = gptbot(tmp_path, url)
    report = json.loads(gptbot(tmp_path, url, "--json"))

    titles = [line.strip() for line in table.splitlines() if line.strip() in TITLES]
    assert titles == ["Analytics", "Cost by model", "Users"]
    assert table.splitlines()[-1].startswith("Usage on ") and table.splitlines()[-1].endswith(
        ": nothing recorded"
    )
    assert "events stored" in table and "1 (Ada" in table
    blocks = as_csv.split("\n\n")
    assert [block.splitlines()[0].split(",")[0] for block in blocks] == ["what", "model", "user_id", "day"]
    assert sorted(report) == ["info", "today", "users"]
    assert report["info"]["events"] == 127 and report["info"]["lag"] == 0
    assert [u["user_id"] for u in report["users"]] == [3, 2, 1]
    assert report["today"]["users"] == [] and report["today"]["total"]["requests"] == 0


TITLES = ("Analytics", "Cost by model", "Users")
