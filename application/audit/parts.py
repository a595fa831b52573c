"""The audit shared out among processes: each replays some of the ledgers, opened again by itself.

Ledgers are independent, so parts over disjoint ledgers add up to the audit of them all. The worker
processes take the parts from the first on, one at a time, each handed over by a thread of this
process as the one before it comes back; this process, rather than wait the second or so they take
to start, replays parts itself from the last one back, until the two ends meet.
"""

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from types import ModuleType

from application.audit.ledgers import AuditPart, Ledger, replay_ledgers
from application.audit.model import AuditProgress, AuditScope
from application.ports import UsageLedgerEvents, UsageLedgerEventsOpener

PARTS_PER_WORKER = 8
"""More parts than processes, so that the last part to finish is a short wait."""


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

    def stop(self) -> None:
        """Hand out nothing more (a part failed: the audit fails)."""
        with self.lock:
            self.front = self.back


def replay_in_parts(
    events: UsageLedgerEvents,
    opener: UsageLedgerEventsOpener,
    ledgers: Sequence[Ledger],
    scope: AuditScope,
    workers: int,
    progress: AuditProgress | None = None,
) -> list[AuditPart]:
    """The audit parts of these ledgers, in order: replayed by this process (through `events`) and by
    `workers - 1` others (through `opener`), which always have the first part."""
    others = max(1, workers - 1)
    count = min(len(ledgers), workers * PARTS_PER_WORKER)
    shares = [ledgers[len(ledgers) * n // count : len(ledgers) * (n + 1) // count] for n in range(count)]
    parts: list[AuditPart | None] = [None] * count
    handed = Shares(count)
    firsts = [handed.from_front() for _ in range(others)]

    def done(index: int, part: AuditPart) -> None:
        parts[index] = part
        if progress is not None:
            progress.replayed(len(shares[index]))

    def hand_over(pool: Executor, index: int | None) -> None:
        try:
            while index is not None:
                done(index, pool.submit(replay_part, opener, shares[index], scope).result())
                index = handed.from_front()
        finally:
            handed.stop()

    context = process_context(opener, __name__)
    with (
        ProcessPoolExecutor(others, mp_context=context, initializer=gc.disable) as pool,
        ThreadPoolExecutor(others, thread_name_prefix="audit-parts") as threads,
    ):
        handing = [threads.submit(hand_over, pool, first) for first in firsts]
        try:
            while (index := handed.from_back()) is not None:
                done(index, replay_ledgers(events, shares[index], scope))
        finally:
            handed.stop()
        for thread in handing:
            thread.result()
    return [part for part in parts if part is not None]


def start_processes(opener: UsageLedgerEventsOpener) -> None:
    """Start the server the worker processes are forked from, ahead of `replay_in_parts`."""
    process_context(opener, __name__)


def replay_part(opener: UsageLedgerEventsOpener, ledgers: Sequence[Ledger], scope: AuditScope) -> AuditPart:
    with opener() as events:
        return replay_ledgers(events, ledgers, scope)


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
