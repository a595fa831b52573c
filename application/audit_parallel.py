"""The audit shared out among processes: each replays the ledgers in some ranges of stream ids.

Ledgers are independent, so parts over disjoint id ranges add up to the audit of the whole log; the
parts cover the id space in order, so their breaks, put together in part order, come in the same
order as a single pass reports them.
"""

import gc
import multiprocessing
import os
import sys
from collections.abc import Collection, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from types import ModuleType
from typing import Protocol, runtime_checkable

from application.audit_ledgers import Advance, AuditPart, replay_ledgers
from application.audit_model import AuditScope
from application.audit_stored import StoredUsageLog, verified_stored
from application.projection_model import LoggedEvent
from application.projection_topics import USAGE_LEDGER_TOPICS

PARALLEL_FROM = 50_000
"""Events in the log below which one process is quicker than starting several."""
PARTS_PER_WORKER = 8


class PartitionedLog(Protocol):
    def streams(self, topics: Collection[str], part: int = 0, parts: int = 1) -> Iterator[LoggedEvent]:
        """The events of the streams whose ids fall in the part-th of `parts` equal id ranges."""
        ...


class LogOpener(Protocol):
    """Opens the same event log again, in whichever process calls it; must pickle."""

    def __call__(self) -> AbstractContextManager[PartitionedLog]: ...


@runtime_checkable
class ReopenableLog(Protocol):
    def reopener(self) -> LogOpener | None:
        """None when the log cannot be opened from another process (an in-memory store)."""
        ...


def available_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def replay_in_parts(
    opener: LogOpener, scope: AuditScope, views_position: int, workers: int, advance: Advance | None = None
) -> list[AuditPart]:
    """The audit parts of every id range, in id order, replayed by `workers` processes."""
    parts = workers * PARTS_PER_WORKER
    with ProcessPoolExecutor(workers, mp_context=process_context(opener), initializer=gc.disable) as pool:
        futures = [
            pool.submit(replay_part, opener, scope, views_position, index, parts) for index in range(parts)
        ]
        for done in as_completed(futures):
            if advance is not None:
                advance(done.result().events_read)
        return [future.result() for future in futures]


def process_context(opener: object, *modules: str) -> BaseContext:
    """Workers forked from a fresh server process that has imported what they need once (this module,
    the opener's, `modules`); forking this process instead could copy a lock that one of its threads
    holds, and deadlock. The server starts now and imports while the caller goes on."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, type(opener).__module__, *modules, *_imported_by_main()])
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


def replay_part(
    opener: LogOpener, scope: AuditScope, views_position: int, part: int, parts: int
) -> AuditPart:
    with opener() as log:
        if isinstance(log, StoredUsageLog):
            stored = verified_stored(log, scope, views_position, part, parts)
            if stored is not None:
                return stored
        return replay_ledgers(log.streams(USAGE_LEDGER_TOPICS, part, parts), scope, views_position)
