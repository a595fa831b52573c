"""An audit finds a usage record that was edited in the database behind the application's back."""

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from adapters.sql.database_url import sqlite_path
from adapters.sql.event_store import EventStoreAggregates
from domain.digest import ChainBreak
from domain.usage import ModelUsage, UsageLedger

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
USER = 42
# eventsourcing.sqlite keeps events in stored_events (its rowid is the notification id), and
# eventsourcing.postgres in gptbot_events (with a notification_id column).
SQLITE_USAGE = "SELECT rowid, state FROM stored_events WHERE topic LIKE '%UsageRecorded' ORDER BY rowid"
POSTGRES_USAGE = "SELECT notification_id, state FROM gptbot_events WHERE topic LIKE '%UsageRecorded' ORDER BY notification_id"

Edit = Callable[[dict[str, object]], None]


def edit_nth_record_in_sqlite(url: str, position: int, edit: Edit) -> None:
    path = sqlite_path(url)
    assert path is not None
    with sqlite3.connect(Path(path)) as db:
        row_id, state = db.execute(SQLITE_USAGE).fetchall()[position]
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (edited(state, edit), row_id))


def edit_nth_record_in_postgres(url: str, position: int, edit: Edit) -> None:
    with psycopg.connect(url) as db:
        row_id, state = db.execute(POSTGRES_USAGE).fetchall()[position]
        db.execute(
            "UPDATE gptbot_events SET state = %s WHERE notification_id = %s", (edited(state, edit), row_id)
        )


def edited(state: bytes, edit: Edit) -> bytes:
    fields = json.loads(bytes(state))
    edit(fields)
    return json.dumps(fields, separators=(",", ":")).encode()


EDITORS = {"sqlite": edit_nth_record_in_sqlite, "postgres": edit_nth_record_in_postgres}


async def write_three_records(url: str) -> UsageLedger:
    ledger = UsageLedger.open(USER, NOW)
    for n in (1, 2, 3):
        ledger.record(f"r{n}", ModelUsage("gpt-x", input_tokens=100 * n, output_tokens=10 * n), 500 * n, NOW)
    store = EventStoreAggregates.from_database_url(url)
    try:
        await store.save(ledger)
    finally:
        store.close()
    return ledger


async def reload(url: str, ledger: UsageLedger) -> UsageLedger:
    store = EventStoreAggregates.from_database_url(url)
    try:
        stored = await store.get(ledger.id, UsageLedger)
    finally:
        store.close()
    assert stored is not None
    return stored


def lower_cost(fields: dict[str, object]) -> None:
    fields["cost_micros"] = 1


def fewer_tokens(fields: dict[str, object]) -> None:
    fields["output_tokens"] = 0


def another_model(fields: dict[str, object]) -> None:
    fields["model"] = "cheaper-model"


@pytest.mark.parametrize("edit", [lower_cost, fewer_tokens, another_model])
async def test_an_edited_usage_record_is_reported_by_the_audit(durable_store_url: str, edit: Edit) -> None:
    ledger = await write_three_records(durable_store_url)
    assert (await reload(durable_store_url, ledger)).verify() == []
    backend = "sqlite" if durable_store_url.startswith("sqlite") else "postgres"

    EDITORS[backend](durable_store_url, 1, edit)

    assert (await reload(durable_store_url, ledger)).verify() == [
        ChainBreak(1, "r2", "content does not match its digest")
    ]


async def test_an_edited_digest_is_reported_where_the_chain_breaks(durable_store_url: str) -> None:
    ledger = await write_three_records(durable_store_url)
    backend = "sqlite" if durable_store_url.startswith("sqlite") else "postgres"

    def forged_digest(fields: dict[str, object]) -> None:
        fields["digest"] = "0" * 64

    EDITORS[backend](durable_store_url, 0, forged_digest)

    assert (await reload(durable_store_url, ledger)).verify() == [
        ChainBreak(0, "r1", "content does not match its digest"),
        ChainBreak(1, "r2", "does not follow the record before it"),
    ]
