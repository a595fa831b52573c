"""A rebuild of the views in parts: the log cut into ranges of positions, each projected by a worker
process, the parts written by this process in position order within one transaction.

Sums add up across parts and every part's timeline follows the one before it, so the views come out
exactly as the batch-by-batch projection leaves them. The owners of all streams are read first, so a
part knows the streams begun in earlier parts.
"""

import gc
import re
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.context import BaseContext
from operator import add
from typing import Any, Protocol, TypeVar, runtime_checkable
from uuid import UUID

from application.audit_parallel import available_cpus, process_context
from application.projection import STREAM_STARTS, project, project_plain
from application.projection_model import Counts, LoggedEvent, PlainSums, StoredRow, StreamOwner, TimelineRow
from application.projection_stored import StoredUsageProjector

PART_EVENTS = 50_000
PARTS_AHEAD_PER_WORKER = 2
"""Events per part: small enough to keep every worker busy to the end, large enough to be cheap."""

Progress = Callable[[int, int], None]
Key = TypeVar("Key")


class RangeLog(Protocol):
    def stored_range(self, after: int, up_to: int) -> Iterator[StoredRow]: ...

    def stream_starts(self, topics: Collection[str], up_to: int) -> Iterator[StoredRow]: ...

    def decode(self, state: bytes) -> Mapping[str, Any]: ...

    def usage_record_pattern(self) -> "re.Pattern[bytes] | None":
        """Groups named after a usage record's fields, each its value's JSON text; None when there is none."""
        ...


class RangeLogOpener(Protocol):
    """Opens the same event log again, in whichever process calls it; must pickle."""

    def __call__(self) -> AbstractContextManager[RangeLog]: ...


@runtime_checkable
class PartitionableLog(RangeLog, Protocol):
    def last_position(self) -> int: ...

    def reopener(self) -> RangeLogOpener | None: ...


class ViewsWriter(Protocol):
    def add(self, owners: Mapping[UUID, StreamOwner], timeline: Sequence[TimelineRow]) -> None:
        """Write a part's stream owners and timeline rows."""
        ...

    def add_sums(self, sums: PlainSums) -> None:
        """Write the views' final sums."""
        ...


@runtime_checkable
class RebuildableViews(Protocol):
    def rebuilding(self, position: int) -> AbstractContextManager[ViewsWriter]:
        """One transaction that empties the views, takes what is added, and leaves them at `position`."""
        ...


@dataclass
class PartProjection:
    """What one range of the log adds to the views, in a form that travels between processes cheaply."""

    owners: dict[UUID, StreamOwner]
    sums: PlainSums
    timeline: list[TimelineRow] = field(default_factory=list)
    events: int = 0
    position: int = 0


def rebuild_in_parts(
    log: PartitionableLog,
    views: RebuildableViews,
    store_content: bool,
    workers: int | None = None,
    progress: Progress | None = None,
    part_events: int = PART_EVENTS,
) -> int:
    """Replace the views with the projection of the whole log; the number of events projected."""
    head = log.last_position()
    ranges = [(after, min(head, after + part_events)) for after in range(0, head, part_events)]
    opener = log.reopener()
    workers = workers if workers is not None else available_cpus()
    shared = opener is not None and workers > 1 and len(ranges) > 1
    # The workers' server process starts importing before the owners are read.
    context = process_context(opener, __name__) if shared else None
    starts = [_logged(log, row) for row in log.stream_starts(tuple(STREAM_STARTS), head)]
    owners = project(starts, {}, store_content, 0).owners
    totals = _Totals()
    with views.rebuilding(head) as writer, _without_cycle_collection():
        for part in _projected(log, opener, context, ranges, owners, store_content, workers):
            totals.add(part.sums)
            writer.add(part.owners, part.timeline)
            totals.events += part.events
            if progress is not None:
                progress(part.position, head)
        writer.add_sums(totals.sums)
    return totals.events


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The parts are millions of small tuples without cycles: the cycle collector would walk them
    again and again for nothing (reference counting still frees each part once written)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_owners: Mapping[UUID, StreamOwner] = {}
"""In a worker process: the owners of every stream, sent once when the worker starts."""


def start_worker(owners: Mapping[UUID, StreamOwner]) -> None:
    global _owners
    gc.disable()
    _owners = owners


def project_range(opener: RangeLogOpener, after: int, up_to: int, store_content: bool) -> PartProjection:
    with opener() as log:
        return _project_rows(log, after, up_to, _owners, store_content)


def _projected(
    log: RangeLog,
    opener: RangeLogOpener | None,
    context: BaseContext | None,
    ranges: list[tuple[int, int]],
    owners: Mapping[UUID, StreamOwner],
    store_content: bool,
    workers: int,
) -> Iterator[PartProjection]:
    if opener is None or context is None:
        for after, up_to in ranges:
            yield _project_rows(log, after, up_to, owners, store_content)
        return
    # The first part is projected and written here while the workers' server process is still
    # importing (starting a worker waits for it).
    first, *ranges = ranges
    yield _project_rows(log, *first, owners, store_content)
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=start_worker, initargs=(owners,)
    ) as pool:
        # Only a few parts ahead of the writer: parts the writer has not taken yet wait in this
        # process's memory, so submitting every range at once would hold the whole log here.
        waiting: deque[Future[PartProjection]] = deque()
        unsubmitted = iter(ranges)

        def submit_next() -> None:
            for after, up_to in islice(unsubmitted, 1):
                waiting.append(pool.submit(project_range, opener, after, up_to, store_content))

        for _ in range(workers * PARTS_AHEAD_PER_WORKER):
            submit_next()
        while waiting:
            part = waiting.popleft().result()
            submit_next()
            yield part


def _project_rows(
    log: RangeLog, after: int, up_to: int, owners: Mapping[UUID, StreamOwner], store_content: bool
) -> PartProjection:
    rows = log.stored_range(after, up_to)
    pattern = log.usage_record_pattern()
    if StoredUsageProjector.usable(pattern):
        assert pattern is not None
        projector = StoredUsageProjector(pattern, log.decode)
        changes, sums, count = projector.project(rows, owners, store_content, after)
    else:
        decode = log.decode
        events = [LoggedEvent(n, i, v, topic, decode(state)) for n, i, v, topic, state in rows]
        changes, sums = project_plain(events, owners, store_content, after)
        count = len(events)
    timeline = [
        (position, user_id, kind, at.isoformat(" ", "microseconds"), text)
        for position, user_id, kind, at, text in changes.timeline
    ]
    return PartProjection(changes.owners, sums, timeline, count, up_to)


def _logged(log: RangeLog, row: StoredRow) -> LoggedEvent:
    position, stream_id, version, topic, state = row
    return LoggedEvent(position, stream_id, version, topic, log.decode(state))


class _Totals:
    """The parts' sums added up; the timeline and owners go to the views part by part."""

    def __init__(self) -> None:
        self.sums = PlainSums()
        self.events = 0

    def add(self, part: PlainSums) -> None:
        sums = self.sums
        _add_counts(sums.daily, part.daily)
        _add_counts(sums.users, part.users)
        _add_counts(sums.models, part.models)
        for user_id, (first, last) in part.seen.items():
            old_seen = sums.seen.get(user_id)
            sums.seen[user_id] = (
                (first, last) if old_seen is None else (min(old_seen[0], first), max(old_seen[1], last))
            )


def _add_counts(into: dict[Key, Counts], counts: Mapping[Key, Counts]) -> None:
    for key, values in counts.items():
        old = into.get(key)
        into[key] = values if old is None else tuple(map(add, old, values))
