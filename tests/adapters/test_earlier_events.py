"""A store written by an earlier release (eventsourcing_sqlalchemy's table) opens with every event,
in the order it was written, once."""

from datetime import UTC, datetime

from sqlalchemy import create_engine, inspect

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.earlier_events import COPIED
from adapters.sql.event_store import EventStoreAggregates, GptBot
from adapters.sql.store_settings import CACHE
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageLedger

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def write_as_an_earlier_release(database_url: str) -> tuple[Conversation, UsageLedger, list[str]]:
    env = {
        **CACHE,
        "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy",
        "SQLALCHEMY_URL": sqlalchemy_url(database_url),
    }
    app = GptBot(env)
    try:
        conversation = Conversation(chat_id=7, at=NOW)
        ledger = UsageLedger.open(42, NOW)
        for n in range(3):
            conversation.add_user_message(f"question {n}", f"r{n}", NOW)
            app.save(conversation)
            ledger.record(f"r{n}", ModelUsage("gpt-x", input_tokens=10 + n, output_tokens=5), 60, NOW)
            app.save(ledger)
        order = [n.topic for n in app.recorder.select_notifications(1, 100)]
    finally:
        app.close()
    return conversation, ledger, order


def tables(database_url: str) -> set[str]:
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


async def test_events_of_an_earlier_release_are_copied_once_in_their_order(durable_store_url: str) -> None:
    conversation, ledger, order = write_as_an_earlier_release(durable_store_url)

    for _ in range(2):  # the second start finds the copy done and copies nothing again
        store = EventStoreAggregates.from_database_url(durable_store_url)
        try:
            copied = [n.topic for n in store.app.recorder.select_notifications(1, 100)]
            read_conversation = await store.get(conversation.id, Conversation)
            read_ledger = await store.get(ledger.id, UsageLedger)
        finally:
            store.close()
        assert copied == order
        assert read_conversation is not None and read_conversation.version == conversation.version
        assert [turn.text for turn in read_conversation.turns] == [t.text for t in conversation.turns]
        assert read_ledger is not None and read_ledger.records == ledger.records
        assert read_ledger.verify() == []
    assert COPIED in tables(durable_store_url)


async def test_a_new_store_has_nothing_to_copy(durable_store_url: str) -> None:
    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        assert store.app.recorder.select_notifications(1, 10) == []
    finally:
        store.close()
    assert COPIED not in tables(durable_store_url)
