"""What every ConversationLock promises. Subclass it and provide `make_lock` for each implementation."""

import asyncio
from collections.abc import Callable

import pytest

from application.ports import ConversationLock

MakeLock = Callable[[], ConversationLock]

# Only a guard against a hang: a correct lock finishes these tests in milliseconds.
HANG_GUARD_SECONDS = 20


class LockContract:
    @pytest.fixture
    def make_lock(self) -> MakeLock:
        """Each call gives a handle on the same set of locks (for a server-backed lock, a new client)."""
        raise NotImplementedError

    async def test_holders_of_one_key_run_one_at_a_time(self, make_lock: MakeLock) -> None:
        handles = [make_lock(), make_lock()]
        inside: list[int] = []
        overlaps: list[list[int]] = []

        async def hold(n: int) -> None:
            async with handles[n % 2].hold("conversation:1"):
                inside.append(n)
                if len(inside) > 1:
                    overlaps.append(list(inside))
                for _ in range(3):
                    await asyncio.sleep(0.005)
                inside.remove(n)

        async with asyncio.timeout(HANG_GUARD_SECONDS):
            await asyncio.gather(*(hold(n) for n in range(6)))

        assert overlaps == []

    async def test_different_keys_are_held_at_the_same_time(self, make_lock: MakeLock) -> None:
        lock = make_lock()
        both_inside = asyncio.Barrier(2)

        async def hold(key: str) -> str:
            async with lock.hold(key):
                # Passes only once the other key is held too; a lock that serialised keys would hang.
                await both_inside.wait()
            return key

        async with asyncio.timeout(HANG_GUARD_SECONDS):
            done = await asyncio.gather(hold("conversation:1"), hold("conversation:2"))

        assert list(done) == ["conversation:1", "conversation:2"]

    async def test_every_waiter_gets_its_turn(self, make_lock: MakeLock) -> None:
        lock = make_lock()
        turns: list[int] = []

        async def wait_and_hold(n: int) -> None:
            async with lock.hold("conversation:1"):
                turns.append(n)
                await asyncio.sleep(0)

        async with asyncio.timeout(HANG_GUARD_SECONDS):
            await asyncio.gather(*(wait_and_hold(n) for n in range(20)))

        assert sorted(turns) == list(range(20))

    async def test_a_failing_holder_releases_the_key(self, make_lock: MakeLock) -> None:
        lock = make_lock()
        with pytest.raises(RuntimeError, match="model failed"):
            async with lock.hold("conversation:1"):
                raise RuntimeError("model failed")

        async with asyncio.timeout(HANG_GUARD_SECONDS), lock.hold("conversation:1"):
            held_again = True

        assert held_again

    async def test_a_cancelled_holder_releases_the_key(self, make_lock: MakeLock) -> None:
        lock = make_lock()
        entered = asyncio.Event()

        async def hold_forever() -> None:
            async with lock.hold("conversation:1"):
                entered.set()
                await asyncio.Event().wait()

        holder = asyncio.create_task(hold_forever())
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            await entered.wait()
            holder.cancel()
            async with lock.hold("conversation:1"):
                held_again = True

        assert held_again
        assert holder.cancelled()

    async def test_a_cancelled_waiter_does_not_block_the_next_one(self, make_lock: MakeLock) -> None:
        lock = make_lock()
        entered, release = asyncio.Event(), asyncio.Event()
        turns: list[str] = []

        async def first() -> None:
            async with lock.hold("conversation:1"):
                entered.set()
                await release.wait()
                turns.append("first")

        async def waiter(name: str) -> None:
            async with lock.hold("conversation:1"):
                turns.append(name)

        async with asyncio.timeout(HANG_GUARD_SECONDS):
            holder = asyncio.create_task(first())
            await entered.wait()
            cancelled, patient = (
                asyncio.create_task(waiter("cancelled")),
                asyncio.create_task(waiter("patient")),
            )
            await asyncio.sleep(0.05)  # lets both start waiting; the test holds without it too
            cancelled.cancel()
            release.set()
            await asyncio.gather(holder, patient)

        assert cancelled.cancelled()
        assert turns == ["first", "patient"]
