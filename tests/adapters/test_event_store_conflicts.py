"""Optimistic concurrency, the same on every store: a stale write is refused and changes nothing."""

import asyncio
from datetime import UTC, datetime
from uuid import uuid4

import pytest

from application.errors import ConcurrencyConflict
from application.ports import Aggregates
from domain.chat import Chat
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageLedger

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


async def stale_copy(aggregates: Aggregates, first_words: str) -> Conversation:
    """A conversation read before another writer added `first_words` to it and saved."""
    conversation = Conversation(chat_id=1, at=NOW)
    await aggregates.save(conversation)
    stale = await aggregates.get(conversation.id, Conversation)
    winner = await aggregates.get(conversation.id, Conversation)
    assert stale is not None and winner is not None
    winner.add_user_message(first_words, "r1", NOW)
    await aggregates.save(winner)
    return stale


async def test_a_stale_save_raises_concurrency_conflict(aggregates: Aggregates) -> None:
    second = await stale_copy(aggregates, "from the first writer")
    second.add_user_message("from the second writer", "r2", NOW)

    with pytest.raises(ConcurrencyConflict):
        await aggregates.save(second)

    stored = await aggregates.get(second.id, Conversation)
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
    stale = await stale_copy(aggregates, "first")
    stale.add_user_message("second", "r2", NOW)
    with pytest.raises(ConcurrencyConflict):
        await aggregates.save(stale)

    again = await aggregates.get(stale.id, Conversation)
    assert again is not None
    again.add_user_message("second", "r2", NOW)
    await aggregates.save(again)

    stored = await aggregates.get(stale.id, Conversation)
    assert stored is not None
    assert [turn.text for turn in stored.turns] == ["first", "second"]
    assert stored.version == 3


async def test_concurrent_saves_land_and_only_the_stale_one_among_them_conflicts(
    aggregates: Aggregates,
) -> None:
    stale = await stale_copy(aggregates, "got there first")
    stale.add_user_message("too late", "r2", NOW)
    others = [Conversation(chat_id=100 + n, at=NOW) for n in range(20)]
    for n, conversation in enumerate(others):
        conversation.add_user_message(f"message {n}", f"m{n}", NOW)

    outcomes = await asyncio.gather(
        *(aggregates.save(c) for c in others[:10]),
        aggregates.save(stale),
        *(aggregates.save(c) for c in others[10:]),
        return_exceptions=True,
    )

    assert [type(o).__name__ for o in outcomes].count("ConcurrencyConflict") == 1
    assert isinstance(outcomes[10], ConcurrencyConflict)
    for n, conversation in enumerate(others):
        stored = await aggregates.get(conversation.id, Conversation)
        assert stored is not None and [t.text for t in stored.turns] == [f"message {n}"]
    kept = await aggregates.get(stale.id, Conversation)
    assert kept is not None and [t.text for t in kept.turns] == ["got there first"]
