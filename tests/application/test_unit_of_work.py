"""A unit of work reads each aggregate once, saves what changed together, and forgets after a failure."""

from datetime import UTC, datetime
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from application.errors import ConcurrencyConflict, StoreUnavailable
from application.unit_of_work import UnitOfWork
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageLedger
from tests.fakes.aggregates import FakeAggregates

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


class CountingStore(FakeAggregates):
    def __init__(self) -> None:
        super().__init__()
        self.reads = 0
        self.saves: list[list[Any]] = []

    async def get(self, aggregate_id: Any, kind: Any) -> Any:
        self.reads += 1
        return await super().get(aggregate_id, kind)

    async def save(self, *aggregates: Aggregate) -> None:
        self.saves.append([a.id for a in aggregates])
        await super().save(*aggregates)


async def stored(store: FakeAggregates, *aggregates: Aggregate) -> None:
    await FakeAggregates.save(store, *aggregates)


async def test_an_aggregate_is_read_once_and_is_the_same_object() -> None:
    store = CountingStore()
    conversation = Conversation(chat_id=1, at=NOW)
    await stored(store, conversation)
    unit = UnitOfWork(store)
    first = await unit.get(conversation.id, Conversation)
    again = await unit.get(conversation.id, Conversation)
    assert first is again
    assert await unit.get(UsageLedger.open(1, NOW).id, UsageLedger) is None
    assert await unit.get(UsageLedger.open(1, NOW).id, UsageLedger) is None
    assert store.reads == 2


async def test_commit_saves_what_changed_together_in_the_order_last_read() -> None:
    store = CountingStore()
    conversation, untouched = Conversation(chat_id=1, at=NOW), Conversation(chat_id=2, at=NOW)
    await stored(store, conversation, untouched)
    unit = UnitOfWork(store)
    read = await unit.get(conversation.id, Conversation)
    await unit.get(untouched.id, Conversation)
    ledger = unit.add(UsageLedger.open(1, NOW))
    assert read is not None
    ledger.record("r1", ModelUsage("model", input_tokens=3), 5, NOW)
    await unit.get(conversation.id, Conversation)
    read.add_user_message("hello", "r1", NOW)
    await unit.commit()
    assert store.saves == [[ledger.id, conversation.id]]
    await unit.commit()  # nothing new
    assert len(store.saves) == 1


@pytest.mark.parametrize("failure", [ConcurrencyConflict("stale"), StoreUnavailable("down")])
async def test_a_failed_commit_forgets_what_it_held(failure: Exception) -> None:
    store = CountingStore()
    conversation = Conversation(chat_id=1, at=NOW)
    await stored(store, conversation)
    unit = UnitOfWork(store)
    read = await unit.get(conversation.id, Conversation)
    assert read is not None
    read.add_user_message("hello", "r1", NOW)

    async def refuse(*aggregates: Aggregate) -> None:
        raise failure

    store.save = refuse  # type: ignore[method-assign]
    with pytest.raises(type(failure)):
        await unit.commit()
    fresh = await unit.get(conversation.id, Conversation)
    assert fresh is not read and fresh is not None and fresh.turns == []
