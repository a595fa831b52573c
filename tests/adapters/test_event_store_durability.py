"""The SQLite file and the PostgreSQL database keep every event across restarts."""

import asyncio
from datetime import UTC, datetime

import psycopg
import pytest

from adapters.sql.event_store import EventStoreAggregates
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageLedger

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
HANG_GUARD_SECONDS = 30


async def test_events_survive_closing_and_reopening_the_store(durable_store_url: str) -> None:
    conversation = Conversation(chat_id=1, at=NOW)
    conversation.add_user_message("remember me", "r1", NOW)
    ledger = UsageLedger.open(42, NOW)
    ledger.record("r1", ModelUsage("gpt-x", input_tokens=10, output_tokens=5), 60, NOW)
    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        await store.save(conversation, ledger)
    finally:
        store.close()

    reopened = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        stored_conversation = await reopened.get(conversation.id, Conversation)
        stored_ledger = await reopened.get(ledger.id, UsageLedger)
    finally:
        reopened.close()

    assert stored_conversation is not None and stored_ledger is not None
    assert stored_conversation.turns == conversation.turns
    assert stored_ledger.records == ledger.records
    assert stored_ledger.verify() == []


@pytest.mark.postgres
async def test_closing_the_store_releases_its_database_connections(postgres_url: str) -> None:
    store = EventStoreAggregates.from_database_url(postgres_url)
    await store.save(Conversation(chat_id=1, at=NOW))
    database = postgres_url.rsplit("/", 1)[1]

    store.close()

    assert await connections_left(postgres_url, database) == 0


async def connections_left(postgres_url: str, database: str) -> int:
    """Connections to the database once they are gone, or after a generous wait if they stay.

    A server process leaves pg_stat_activity a moment after its client hangs up.
    """
    for _ in range(HANG_GUARD_SECONDS * 20):
        if (count := connections_to(postgres_url, database)) == 0:
            break
        await asyncio.sleep(0.05)
    return count


def connections_to(postgres_url: str, database: str) -> int:
    with psycopg.connect(postgres_url.rsplit("/", 1)[0] + "/postgres") as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (database,)
        ).fetchone()
    assert row is not None
    count: int = row[0]
    return count
