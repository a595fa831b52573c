"""The projection worker: an asyncio task inside `gptbot run`, or `gptbot project` on its own."""

import asyncio
import contextlib
import logging
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

from application.projection.catch_up import Projector
from application.projection.follow import Follower

log = logging.getLogger("gptbot.projection")
T = TypeVar("T")
MAX_BACKOFF_SECONDS = 60.0


@dataclass
class ProjectionStatus:
    """What the worker saw last; `lag` counts logged events that the views do not hold yet."""

    position: int = 0
    head: int = 0
    projected: int = 0
    consecutive_failures: int = 0
    last_error: str | None = None

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


class ProjectionWorker:
    def __init__(self, projector: Projector, poll_seconds: float) -> None:
        self.projector, self.poll_seconds = projector, poll_seconds
        self.follower = Follower(projector, poll_seconds)
        self.status = ProjectionStatus()

    def run_once(self) -> int:
        """Catch up with the event log now; the number of events projected."""
        return self._noted(self.projector.catch_up())

    def finish(self) -> int:
        """One last catch-up after run() was cancelled, so the views hold everything written."""
        return self.run_once()

    async def run(self) -> None:
        """Follow the event log until cancelled: as its subscription delivers events where the store
        announces them, otherwise by reading it every poll_seconds. A failure is logged and retried
        with a growing pause."""
        while True:
            await self._cycle()
            await asyncio.sleep(self._pause())

    async def _cycle(self) -> None:
        stop = threading.Event()
        work = asyncio.ensure_future(asyncio.to_thread(self._follow, stop))
        try:
            await asyncio.shield(work)
        except asyncio.CancelledError:
            stop.set()  # the thread ends once the batch in hand has committed
            with contextlib.suppress(Exception):
                await work
            raise
        except Exception as error:
            self.status.consecutive_failures += 1
            self.status.last_error = str(error)
            log.error("projection failed (attempt %d): %s", self.status.consecutive_failures, error)
        else:
            self.status.consecutive_failures, self.status.last_error = 0, None

    def _follow(self, stop: threading.Event) -> int:
        return self._noted(self.follower.follow(stop))

    def _noted(self, projected: int) -> int:
        lag = self.projector.lag()
        self.status.position, self.status.head = lag.position, lag.head
        self.status.projected += projected
        if projected:
            log.info("projected %d events; position %d; lag %d", projected, lag.position, lag.events)
        return projected

    def _pause(self) -> float:
        return min(MAX_BACKOFF_SECONDS, self.poll_seconds * 2.0 ** min(self.status.consecutive_failures, 10))


async def with_projection(worker: ProjectionWorker, main: Coroutine[Any, Any, T]) -> T:
    """Run `main` with the worker beside it (the embedded default); the views catch up once more at the end."""
    task = asyncio.create_task(worker.run())
    try:
        result = await main
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    try:
        await asyncio.to_thread(worker.finish)
    except Exception as error:
        log.error("the final projection failed: %s", error)
    return result
