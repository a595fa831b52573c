"""A rebuild of the views in parts: the log cut into ranges of positions, each projected by a worker
process, the parts written by this process in position order within one transaction.

Sums add up across parts and every part's timeline follows the one before it, so the views come out
exactly as the batch-by-batch projection leaves them. The owners of all streams are read first, so a
part knows the streams begun in earlier parts.
"""

import gc
from collections import deque
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from application.audit_parallel import available_cpus, process_context
from application.projection import STREAM_STARTS, project
from application.projection_model import (
    LoggedEvent,
    Seen,
    StoredRow,
    StreamOwner,
    TimelineRow,
    UsageCounts,
    ViewChanges,
)

PART_EVENTS = 50_000
PARTS_AHEAD_PER_WORKER = 2
"""Events per part: small enough to keep every worker busy to the end, large enough to be cheap."""

Progress = Callable[[int, int], None]


class RangeLog(Protocol):
    def stored_range(self, after: int, up_to: int) -> Iterator[StoredRow]: ...

    def stream_starts(self, topics: Collection[str], up_to: int) -> Iterator[StoredRow]: ...

    def decode(self, state: bytes) -> Mapping[str, Any]: ...


class RangeLogOpener(Protocol):
    """Opens the same event log again, in whichever process calls it; must pickle."""

    def __call__(self) -> AbstractContextManager[RangeLog]: ...


@runtime_checkable
class PartitionableLog(RangeLog, Protocol):
    def last_position(self) -> int: ...

    def reopener(self) -> RangeLogOpener | None: ...


class ViewsWriter(Protocol):
    def add(self, changes: ViewChanges, timeline: Sequence[TimelineRow]) -> None:
        """Write a part's stream owners and timeline rows, and, when given, the views' final sums."""
        ...


@runtime_checkable
class RebuildableViews(Protocol):
    def rebuilding(self, position: int) -> AbstractContextManager[ViewsWriter]:
        """One transaction that empties the views, takes what is added, and leaves them at `position`."""
        ...


@dataclass
class PartProjection:
    """What one range of the log adds to the views, in a form that travels between processes cheaply."""

    changes: ViewChanges
    timeline: list[TimelineRow] = field(default_factory=list)
    events: int = 0


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
    starts = [_logged(log, row) for row in log.stream_starts(tuple(STREAM_STARTS), head)]
    owners = project(starts, {}, store_content, 0).owners
    ranges = [(after, min(head, after + part_events)) for after in range(0, head, part_events)]
    opener = log.reopener()
    workers = workers if workers is not None else available_cpus()
    totals = _Totals()
    with views.rebuilding(head) as writer, _without_cycle_collection():
        for part in _projected(log, opener, ranges, owners, store_content, workers):
            changes = part.changes
            totals.add(changes)
            writer.add(ViewChanges(changes.after, changes.position, owners=changes.owners), part.timeline)
            totals.events += part.events
            if progress is not None:
                progress(part.changes.position, head)
        writer.add(totals.changes(head), [])
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
    ranges: list[tuple[int, int]],
    owners: Mapping[UUID, StreamOwner],
    store_content: bool,
    workers: int,
) -> Iterator[PartProjection]:
    if opener is None or workers < 2 or len(ranges) < 2:
        for after, up_to in ranges:
            yield _project_rows(log, after, up_to, owners, store_content)
        return
    context = process_context(opener)
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
    decode = log.decode
    events = [
        LoggedEvent(n, i, v, topic, decode(state)) for n, i, v, topic, state in log.stored_range(after, up_to)
    ]
    changes = project(events, owners, store_content, after)
    changes.position = up_to
    timeline = [
        (position, user_id, kind, at.isoformat(" ", "microseconds"), text)
        for position, user_id, kind, at, text in changes.timeline
    ]
    changes.timeline = []
    return PartProjection(changes, timeline, len(events))


def _logged(log: RangeLog, row: StoredRow) -> LoggedEvent:
    position, stream_id, version, topic, state = row
    return LoggedEvent(position, stream_id, version, topic, log.decode(state))


class _Totals:
    """The parts' sums added up; the timeline and owners go to the views part by part."""

    def __init__(self) -> None:
        self.daily: dict[tuple[int, date], UsageCounts] = {}
        self.users: dict[int, UsageCounts] = {}
        self.seen: dict[int, Seen] = {}
        self.models: dict[str, UsageCounts] = {}
        self.events = 0

    def add(self, changes: ViewChanges) -> None:
        _add(self.daily, changes.daily)
        _add(self.users, changes.users)
        _add(self.models, changes.models)
        _add(self.seen, changes.seen)

    def changes(self, position: int) -> ViewChanges:
        return ViewChanges(
            after=0, position=position, daily=self.daily, users=self.users, seen=self.seen, models=self.models
        )


def _add(into: dict[Any, Any], values: Mapping[Any, Any]) -> None:
    for key, value in values.items():
        old = into.get(key)
        into[key] = value if old is None else old + value
