"""The audit shared out among processes: the log cut into ranges, each read by one process, the
worker processes opening the events again by themselves.

The worker processes take the ranges from the first on, one at a time, each handed over by a thread of
this process as the one before it comes back; this process, rather than wait the second or so they take
to start, reads ranges itself from the last one back, until the two ends meet. The runs come back in log
order, for the audit to join.
"""

import gc
import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from itertools import pairwise
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from types import ModuleType
from uuid import UUID

from application.audit.ledgers import Ledger, Run, RunSums, read_run
from application.audit.model import AuditProgress, AuditScope
from application.ports import UsageLedgerEvents, UsageLedgerEventsOpener

PARTS_PER_WORKER = 8
"""More ranges than processes, so that the last range to finish is a short wait."""
AHEAD_WHILE = 4
"""Ranges left to hand out from which a worker is given its next range before its last comes back."""
PARTS_ALONE = 8
"""Ranges read one after the other by a single process: how often it reports progress."""


def available_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class Shares:
    """The parts' indexes, handed out from both ends: the next from the front, the next from the back."""

    def __init__(self, count: int) -> None:
        self.lock, self.front, self.back = threading.Lock(), 0, count

    def from_front(self) -> int | None:
        with self.lock:
            if self.front >= self.back:
                return None
            self.front += 1
            return self.front - 1

    def from_back(self) -> int | None:
        with self.lock:
            if self.front >= self.back:
                return None
            self.back -= 1
            return self.back

    def left(self) -> int:
        with self.lock:
            return self.back - self.front

    def stop(self) -> None:
        """Hand out nothing more (a part failed: the audit fails)."""
        with self.lock:
            self.front = self.back


def ranges_of(last_position: int, count: int) -> list[tuple[int, int]]:
    """The log's positions up to `last_position` in `count` ranges (after, up to], in order."""
    bounds = [last_position * n // count for n in range(count + 1)]
    return [(after, up_to) for after, up_to in pairwise(bounds) if up_to > after]


@dataclass(frozen=True)
class LogReading:
    """What every range of one audit's log is read with, and where what it found goes."""

    opened: Mapping[UUID, Ledger | None]
    scope: AuditScope
    sums: RunSums
    progress: AuditProgress | None = None

    def done(self, span: tuple[int, int], run: Run) -> Run:
        self.sums.take(run)
        if self.progress is not None:
            self.progress.replayed(span[1] - span[0])
        return run


def read_alone(events: UsageLedgerEvents, reading: LogReading, last_position: int) -> list[Run]:
    """The runs of the log up to `last_position`, in order, read by this process alone."""
    return [
        reading.done(span, read_run(events.log(*span), reading.opened, reading.scope))
        for span in ranges_of(last_position, PARTS_ALONE)
    ]


def read_in_parts(
    events: UsageLedgerEvents,
    opener: UsageLedgerEventsOpener,
    reading: LogReading,
    last_position: int,
    workers: int,
    meanwhile: Callable[[], None],
) -> list[Run]:
    """The runs of the log up to `last_position`, in order: read by this process (through `events`) and
    by `workers - 1` others (through `opener`), which always have the first range. This process does
    `meanwhile` first, while the others start on theirs."""
    others = max(1, workers - 1)
    spans = ranges_of(last_position, workers * PARTS_PER_WORKER)
    runs: list[Run | None] = [None] * len(spans)
    handed = Shares(len(spans))
    firsts = [handed.from_front() for _ in range(others)]

    def submit(pool: Executor, index: int) -> tuple[int, "Future[Run]"]:
        return index, pool.submit(read_part, opener, spans[index], reading.scope)

    def hand_over(pool: Executor, first: int | None) -> None:
        pending = deque([submit(pool, first)] if first is not None else [])
        try:
            while pending:
                # The next range goes ahead of the last one's return, so that the worker reads on while
                # this process takes that one in; not near the end, where it would be a range taken
                # from this process.
                if (
                    len(pending) < 2
                    and handed.left() >= AHEAD_WHILE
                    and (ahead := handed.from_front()) is not None
                ):
                    pending.append(submit(pool, ahead))
                index, future = pending.popleft()
                runs[index] = reading.done(spans[index], future.result())
                if not pending and (following := handed.from_front()) is not None:
                    pending.append(submit(pool, following))
        finally:
            handed.stop()

    context = process_context(opener, __name__)
    with (
        ProcessPoolExecutor(
            others, mp_context=context, initializer=_given, initargs=(reading.opened,)
        ) as pool,
        ThreadPoolExecutor(others, thread_name_prefix="audit-parts") as threads,
    ):
        handing = [threads.submit(hand_over, pool, first) for first in firsts]
        try:
            meanwhile()
            while (index := handed.from_back()) is not None:
                run = read_run(events.log(*spans[index]), reading.opened, reading.scope)
                runs[index] = reading.done(spans[index], run)
        finally:
            handed.stop()
        for thread in handing:
            thread.result()
    return [run for run in runs if run is not None]


_opened: Mapping[UUID, Ledger | None] = {}
"""In a worker process: the ledgers the audit found, given once when the process starts."""


def _given(opened: Mapping[UUID, Ledger | None]) -> None:
    global _opened
    gc.disable()  # a worker makes a run's objects and hands them back: nothing for the collector to find
    _opened = opened


def read_part(opener: UsageLedgerEventsOpener, span: tuple[int, int], scope: AuditScope) -> Run:
    with opener() as events:
        return read_run(events.log(*span), _opened, scope)


def start_processes(opener: UsageLedgerEventsOpener) -> None:
    """Start the server the worker processes are forked from, ahead of `read_in_parts`."""
    process_context(opener, __name__)


def process_context(opener: object, *modules: str) -> BaseContext:
    """Workers forked from a fresh server process that has imported what they need once (the opener's
    module, `modules`); forking this process instead could copy a lock that one of its threads holds,
    and deadlock. The server starts now and imports while the caller goes on."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([type(opener).__module__, *modules, *_imported_by_main()])
    forkserver.ensure_running()
    return context


def _imported_by_main() -> set[str]:
    """The modules the main module's names come from: every worker runs the main module again (as
    __mp_main__), which costs seconds unless what it imports is already loaded in the server."""
    main = sys.modules.get("__main__")
    if main is None:
        return set()
    names = {getattr(getattr(main, "__spec__", None), "name", None)}
    for value in vars(main).values():
        names.add(value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None))
    return {name for name in names if isinstance(name, str) and name in sys.modules and name != "__main__"}
