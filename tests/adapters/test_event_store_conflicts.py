"""Optimistic concurrency, the same on every store: a stale write is refused and changes nothing."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from application.errors import ConcurrencyConflict
from application.ports import Aggregates
from domain.chat import Chat
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageLedger

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


async def test_a_stale_save_raises_concurrency_conflict(aggregates: Aggregates) -> None:
    conversation = Conversation(chat_id=1, at=NOW)
    await aggregates.save(conversation)
    first = await aggregates.get(conversation.id, Conversation)
    second = await aggregates.get(conversation.id, Conversation)
    assert first is not None and second is not None
    first.add_user_message("from the first writer", "r1", NOW)
    await aggregates.save(first)
    second.add_user_message("from the second writer", "r2", NOW)

    with pytest.raises(ConcurrencyConflict):
        await aggregates.save(second)

    stored = await aggregates.get(conversation.id, Conversation)
    assert stored is not None
    assert [turn.text for turn in stored.turns] == ["from the first writer"]


async def test_creating_an_aggregate_that_already_exists_raises_concurrency_conflict(
    aggregates: Aggregates,
) -> None:
    first, second = UsageLedger.open(7, NOW), UsageLedger.open(7, NOW)
    assert first.id == second.id
    first.record("r1", ModelUsage("m", input_tokens=1), 1, NOW)
    await aggregates.save(first)
    second.record("r2", ModelUsage("m", input_tokens=2), 2, NOW)

    with pytest.raises(ConcurrencyConflict):
        await aggregates.save(second)

    stored = await aggregates.get(first.id, UsageLedger)
    assert stored is not None
    assert [record.request_id for record in stored.records] == ["r1"]


async def test_a_conflicting_save_writes_none_of_its_aggregates(aggregates: Aggregates) -> None:
    chat = Chat(chat_id=1)
    await aggregates.save(chat)
    stale = await aggregates.get(chat.id, Chat)
    fresh = await aggregates.get(chat.id, Chat)
    assert stale is not None and fresh is not None
    fresh.start_conversation(uuid4())
    await aggregates.save(fresh)

    conversation = Conversation(chat_id=1, at=NOW)
    stale.start_conversation(conversation.id)
    with pytest.raises(ConcurrencyConflict):
        await aggregates.save(conversation, stale)

    assert await aggregates.get(conversation.id, Conversation) is None


async def test_a_retry_after_reading_again_succeeds(aggregates: Aggregates) -> None:
    conversation = Conversation(chat_id=1, at=NOW)
    await aggregates.save(conversation)
    stale = await aggregates.get(conversation.id, Conversation)
    winner = await aggregates.get(conversation.id, Conversation)
    assert stale is not None and winner is not None
    winner.add_user_message("first", "r1", NOW)
    await aggregates.save(winner)
    stale.add_user_message("second", "r2", NOW)
    with pytest.raises(ConcurrencyConflict):
        await aggregates.save(stale)

    again = await aggregates.get(conversation.id, Conversation)
    assert again is not None
    again.add_user_message("second", "r2", NOW)
    await aggregates.save(again)

    stored = await aggregates.get(conversation.id, Conversation)
    assert stored is not None
    assert [turn.text for turn in stored.turns] == ["first", "second"]
    assert stored.version == 3
