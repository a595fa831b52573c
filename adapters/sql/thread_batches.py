"""Store calls handed to the store's threads in batches: the calls made while the threads are busy go
over together, in one hand-off, when a thread is free again.

A hand-off costs more than a cached read (a future, a queue, a thread woken up, the GIL handed over and
the event loop woken through its self-pipe), and a busy bot makes many reads at once: one message is
about nine store calls. Calls run in the order they were made; each caller gets its own result or
exception. A caller made when a thread is free goes over at once, alone, so a quiet bot waits no longer
than before.
"""

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any, TypeVar

T = TypeVar("T")
Call = tuple[Callable[[], Any], "asyncio.Future[Any]"]


class ThreadBatches:
    def __init__(self, executor: Executor, threads: int) -> None:
        self.executor = executor
        self.threads = threads
        self.waiting: list[Call] = []
        self.in_flight = 0

    async def run(self, work: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self.waiting.append((work, future))
        if self.in_flight < self.threads:
            self._hand_over(loop)
        return await future

    def _hand_over(self, loop: asyncio.AbstractEventLoop) -> None:
        batch, self.waiting = self.waiting, []
        try:
            done = loop.run_in_executor(self.executor, _run_each, [work for work, _ in batch])
        except RuntimeError as closed:  # the executor was shut down: the store is closed
            for _, future in batch:
                if not future.done():
                    future.set_exception(closed)
            return
        self.in_flight += 1
        done.add_done_callback(lambda finished: self._deliver(loop, batch, finished))

    def _deliver(
        self, loop: asyncio.AbstractEventLoop, batch: list[Call], finished: "asyncio.Future[list[Outcome]]"
    ) -> None:
        self.in_flight -= 1
        failure = finished.exception() if not finished.cancelled() else asyncio.CancelledError()
        outcomes = finished.result() if failure is None else [(False, failure)] * len(batch)
        for (_, future), (ok, value) in zip(batch, outcomes, strict=True):
            if future.done():  # its caller was cancelled meanwhile
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)
        if self.waiting and self.in_flight < self.threads:
            self._hand_over(loop)


Outcome = tuple[bool, Any]


def _run_each(works: list[Callable[[], Any]]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for work in works:
        try:
            outcomes.append((True, work()))
        except Exception as error:  # the caller's own failure, raised where it awaits
            outcomes.append((False, error))
    return outcomes
