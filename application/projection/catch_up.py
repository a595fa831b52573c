"""Bringing the views up to the end of the event log, one atomic batch at a time."""

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from application.projection.analytics import AnalyticsProjection
from application.projection.model import LoggedEvent, ProjectionConflict
from application.projection.ports import EventLog, ProjectionStore

REBUILD_BATCH_SIZE = 20_000
"""Events per transaction when rebuilding: larger batches make a rebuild several times faster, and the
views are partial until it ends anyway."""

Progress = Callable[[int, int], None]
"""Called with (position reached, last position in the log)."""


@dataclass(frozen=True)
class Lag:
    position: int
    head: int

    @property
    def events(self) -> int:
        return max(0, self.head - self.position)


class Projector:
    """Projects the event log into the views; safe to stop anywhere and to run in several processes."""

    def __init__(
        self,
        events: EventLog,
        views: ProjectionStore,
        store_content: bool = False,
        batch_size: int = 500,
        rebuild_batch_size: int = REBUILD_BATCH_SIZE,
    ) -> None:
        if batch_size < 1 or rebuild_batch_size < 1:
            raise ValueError("batch sizes must be at least 1")
        self.events, self.views = events, views
        self.projection = AnalyticsProjection(views, events.name, store_content)
        self.batch_size = batch_size
        self.rebuild_batch_size = max(batch_size, rebuild_batch_size)

    def step(self, stop_at: int | None = None, batch_size: int | None = None) -> int:
        """Project the next batch (never past position stop_at); the number of events projected."""
        after = self.views.position()
        size = batch_size or self.batch_size
        limit = size if stop_at is None else min(size, stop_at - after)
        if limit <= 0:
            return 0
        batch = self.events.read(after, limit)
        if stop_at is not None:
            batch = [e for e in batch if e.position <= stop_at]
        if not batch:
            return 0
        self.projection.process(batch, after)
        return len(batch)

    def catch_up(
        self,
        stop_at: int | None = None,
        progress: Progress | None = None,
        keep_going: Callable[[], bool] = lambda: True,
        batch_size: int | None = None,
    ) -> int:
        """Project until the end of the log (or position stop_at, or keep_going turns False)."""
        total = 0
        head = self.events.last_position() if progress else 0
        while keep_going():
            try:
                projected = self.step(stop_at, batch_size)
            except ProjectionConflict:
                continue  # another worker projected this batch; carry on from where it got to
            if not projected:
                break
            total += projected
            if progress is not None:
                progress(self.views.position(), head)
        return total

    def project_delivered(self, events: Sequence[LoggedEvent], since: int) -> int:
        """Project events a subscription delivered: every event of the log after position `since` up to
        the last of them. Those the views hold already are skipped; the number of events projected."""
        while events:
            after = self.views.position()
            if after < since:
                # The views are behind what was delivered before (emptied for a rebuild, say).
                return self.catch_up(stop_at=events[-1].position)
            fresh = [e for e in events if e.position > after]
            if not fresh:
                return 0
            try:
                self.projection.process(fresh, after)
            except ProjectionConflict:
                continue
            return len(fresh)
        return 0

    def rebuild(self, progress: Progress | None = None) -> int:
        """Empty the views and project the whole log again from position 0, in large batches."""
        self.views.reset()
        with _without_cycle_collection():
            return self.catch_up(progress=progress, batch_size=self.rebuild_batch_size)

    def lag(self) -> Lag:
        return Lag(self.views.position(), self.events.last_position())


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A rebuild makes millions of short-lived objects without cycles (events, their states, rows):
    the cycle collector would walk them again and again for nothing, a quarter of a rebuild's time.
    Reference counting still frees each batch once it is written."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
