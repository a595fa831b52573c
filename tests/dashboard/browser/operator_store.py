"""A store made as an operator makes one: the console chat writes (and projects) the messages, a month
of other users' usage is filled in and projected, and `gptbot analytics` reads it back."""

import json
import subprocess
from pathlib import Path
from typing import Any

from adapters.sql.event_store import EventStoreAggregates
from domain.access import AccessLedger
from tests.entrypoints.cli_runner import clean_env, run_gptbot
from tests.projections.bulk import DAY_ONE, fill

ADMIN = 4242
OTHER_USERS = 12
RECORDS_PER_USER = 6
HTML_MESSAGE = "a <b>bold</b> & c"
NAMES = {1: ("Ada Lovelace", "ada"), 2: ("Grace Hopper", "grace"), 3: ("Alan Turing", None)}


def operator_env(url: str) -> dict[str, str]:
    return clean_env(DATABASE_URL=url, ANALYTICS_STORE_CONTENT="true", ADMIN_IDS=str(ADMIN))


def gptbot(cwd: Path, url: str, args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return run_gptbot(
        args, stdin, cwd, DATABASE_URL=url, ANALYTICS_STORE_CONTENT="true", ADMIN_IDS=str(ADMIN)
    )


def chat(cwd: Path, url: str, *lines: str) -> None:
    """One `gptbot chat` session of the console user (0); it projects its own events as it goes."""
    done = gptbot(cwd, url, ["chat"], "".join(f"{line}\n" for line in lines).encode())
    assert done.returncode == 0, done.stderr.decode()


def gptbot_json(cwd: Path, url: str, *args: str) -> Any:
    done = gptbot(cwd, url, [*args, "--json"])
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def make_store(cwd: Path, url: str) -> None:
    chat(cwd, url, "hello", HTML_MESSAGE)
    store = EventStoreAggregates.from_database_url(url)
    try:
        fill(store, users=OTHER_USERS, records_per_user=RECORDS_PER_USER)
        for user_id, (name, username) in NAMES.items():
            ledger = AccessLedger(user_id, DAY_ONE)
            ledger.record_name(name, username, DAY_ONE)
            store.app.save(ledger)
    finally:
        store.close()
    projected = gptbot(cwd, url, ["project", "--once"])
    assert projected.returncode == 0, projected.stderr.decode()
