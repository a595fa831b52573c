"""The in-process per-key lock behind usage recording keeps the lock contract and forgets idle keys."""

import asyncio

import pytest

from application.keyed_lock import KeyedLock
from tests.contracts.lock_contract import LockContract, MakeLock


class TestKeyedLock(LockContract):
    @pytest.fixture
    def make_lock(self) -> MakeLock:
        shared = KeyedLock()
        return lambda: shared


async def test_a_key_nobody_wants_is_forgotten() -> None:
    lock = KeyedLock()
    release = asyncio.Event()

    async def hold(key: int) -> None:
        async with lock.hold(key):
            await release.wait()

    holders = [asyncio.create_task(hold(key)) for key in (1, 1, 2)]
    await asyncio.sleep(0)
    wanted = len(lock)
    release.set()
    await asyncio.gather(*holders)

    assert (wanted, len(lock)) == (2, 0)
