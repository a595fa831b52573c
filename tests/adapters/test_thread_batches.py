"""Store calls made while the store's thread is busy go over together, in order, each with its own
outcome; a call made while the thread is free goes at once."""

import asyncio
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from adapters.sql.thread_batches import ThreadBatches

HANG_GUARD_SECONDS = 10.0


class CountingExecutor(ThreadPoolExecutor):
    """A real thread pool that counts the hand-offs it is given."""

    def __init__(self) -> None:
        super().__init__(1)
        self.hand_offs = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> "Future[Any]":
        self.hand_offs += 1
        return super().submit(fn, *args, **kwargs)


class Thread:
    """Work for the store's thread that records its order and can hold the thread busy."""

    def __init__(self) -> None:
        self.ran: list[str] = []
        self.release = threading.Event()
        self.busy = threading.Event()

    def hold(self) -> str:
        self.busy.set()
        self.release.wait(HANG_GUARD_SECONDS)
        self.ran.append("held")
        return "held"

    def call(self, name: str) -> Callable[[], str]:
        def work() -> str:
            self.ran.append(name)
            return name.upper()

        return work


class Store:
    """One store thread (a counting executor), its batches, and work to give it."""

    def __init__(self) -> None:
        self.executor, self.thread = CountingExecutor(), Thread()
        self.batches = ThreadBatches(self.executor, threads=1)


@pytest.fixture
def store() -> Iterator[Store]:
    made = Store()
    yield made
    made.thread.release.set()
    made.executor.shutdown(wait=True)


async def _held(batches: ThreadBatches, thread: Thread) -> "asyncio.Task[str]":
    held = asyncio.create_task(batches.run(thread.hold))
    await asyncio.to_thread(thread.busy.wait, HANG_GUARD_SECONDS)
    return held


async def test_calls_made_while_the_thread_is_busy_share_one_hand_off_and_keep_their_order(
    store: Store,
) -> None:
    batches, thread = store.batches, store.thread
    held = await _held(batches, thread)
    waiting = [asyncio.create_task(batches.run(thread.call(name))) for name in "abcde"]
    await asyncio.sleep(0)
    thread.release.set()

    results = await asyncio.wait_for(asyncio.gather(held, *waiting), HANG_GUARD_SECONDS)

    assert results == ["held", "A", "B", "C", "D", "E"]
    assert thread.ran == ["held", "a", "b", "c", "d", "e"]
    assert store.executor.hand_offs == 2


async def test_a_call_made_while_the_thread_is_free_goes_at_once(store: Store) -> None:
    assert await store.batches.run(store.thread.call("a")) == "A"
    assert await store.batches.run(store.thread.call("b")) == "B"
    assert store.executor.hand_offs == 2


async def test_each_caller_gets_its_own_failure_and_the_others_their_results(store: Store) -> None:
    batches, thread = store.batches, store.thread

    def failing() -> str:
        raise LookupError("no such stream")

    held = await _held(batches, thread)
    ok_before = asyncio.create_task(batches.run(thread.call("a")))
    failed = asyncio.create_task(batches.run(failing))
    ok_after = asyncio.create_task(batches.run(thread.call("b")))
    await asyncio.sleep(0)
    thread.release.set()
    await asyncio.wait_for(held, HANG_GUARD_SECONDS)

    assert await ok_before == "A"
    with pytest.raises(LookupError, match="no such stream"):
        await failed
    assert await ok_after == "B"


async def test_a_cancelled_caller_leaves_the_rest_of_its_batch_answered(store: Store) -> None:
    batches, thread = store.batches, store.thread
    held = await _held(batches, thread)
    cancelled = asyncio.create_task(batches.run(thread.call("a")))
    kept = asyncio.create_task(batches.run(thread.call("b")))
    await asyncio.sleep(0)
    cancelled.cancel()
    thread.release.set()

    assert await asyncio.wait_for(kept, HANG_GUARD_SECONDS) == "B"
    assert await held == "held"
    assert cancelled.cancelled()


async def test_calls_after_the_store_is_closed_fail_instead_of_waiting_forever(store: Store) -> None:
    store.executor.shutdown(wait=True)

    with pytest.raises(RuntimeError):
        await asyncio.wait_for(store.batches.run(store.thread.call("a")), HANG_GUARD_SECONDS)
    assert store.thread.ran == []
