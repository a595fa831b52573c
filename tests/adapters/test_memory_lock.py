"""The embedded ConversationLock passes the lock contract and forgets keys nobody holds."""

import asyncio

import pytest

from adapters.memory.lock import InMemoryConversationLock
from tests.contracts.lock_contract import LockContract, MakeLock


class TestInMemoryConversationLock(LockContract):
    @pytest.fixture
    def make_lock(self) -> MakeLock:
        shared = InMemoryConversationLock()
        return lambda: shared


async def test_a_key_is_reported_held_only_while_someone_holds_it() -> None:
    lock = InMemoryConversationLock()

    async with lock.hold("conversation:1"):
        assert lock.held_keys() == ["conversation:1"]

    assert lock.held_keys() == []


async def test_waiters_are_served_in_arrival_order() -> None:
    lock = InMemoryConversationLock()
    turns: list[int] = []

    async def wait_and_hold(n: int) -> None:
        async with lock.hold("conversation:1"):
            turns.append(n)
            await asyncio.sleep(0)

    await asyncio.gather(*(wait_and_hold(n) for n in range(10)))

    assert turns == list(range(10))
