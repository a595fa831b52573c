"""The projection worker: an asyncio task inside `gptbot run`, or `gptbot project` on its own."""

import asyncio
import contextlib
import logging
import sys
import threading
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any, TypeVar

import typer

from application.projection_catch_up import Projector

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
        self.status = ProjectionStatus()
        self._stopping = threading.Event()

    def run_once(self) -> int:
        """Catch up with the event log now; the number of events projected."""
        projected = self.projector.catch_up(keep_going=lambda: not self._stopping.is_set())
        lag = self.projector.lag()
        self.status.position, self.status.head = lag.position, lag.head
        self.status.projected += projected
        if projected:
            log.info("projected %d events; position %d; lag %d", projected, lag.position, lag.events)
        return projected

    def finish(self) -> int:
        """One last catch-up after run() was cancelled, so the views hold everything written."""
        self._stopping.clear()
        return self.run_once()

    async def run(self) -> None:
        """Poll the event log until cancelled; a failure is logged and retried with a growing pause."""
        self._stopping.clear()
        try:
            while True:
                await self._cycle()
                await asyncio.sleep(self._pause())
        finally:
            self._stopping.set()  # a batch still running in its thread ends after its own commit

    async def _cycle(self) -> None:
        try:
            await asyncio.to_thread(self.run_once)
        except Exception as error:
            self.status.consecutive_failures += 1
            self.status.last_error = str(error)
            log.error("projection failed (attempt %d): %s", self.status.consecutive_failures, error)
        else:
            self.status.consecutive_failures, self.status.last_error = 0, None

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


def project(
    once: bool = typer.Option(False, "--once", help="Catch up with the event log, then exit."),
) -> None:
    """Keep the analytics views up to date with the event store (the projection worker)."""
    from entrypoints.cli import start

    container = start()
    worker: ProjectionWorker = container.projection_worker()
    if once:
        projected = worker.run_once()
        status = worker.status
        typer.echo(f"projected {projected} events; the views are at {status.position} of {status.head}")
        return
    print(f"projecting every {worker.poll_seconds:g} s; Ctrl-C stops", file=sys.stderr, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(worker.run())
