"""Bringing the views up to the end of the event log, one atomic batch at a time."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from application.ports import EventLog, ProjectionStore
from application.projection import project, starts_stream
from application.projection_model import ProjectionConflict
from application.projection_rebuild import PART_EVENTS, PartitionableLog, RebuildableViews, rebuild_in_parts

log = logging.getLogger(__name__)

REBUILD_BATCH_SIZE = 10_000
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
        self.store_content, self.batch_size = store_content, batch_size
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
        continuing = {e.originator_id for e in batch if not starts_stream(e)}
        changes = project(batch, self.views.owners(continuing), self.store_content, after)
        if changes.orphans:
            log.warning(
                "events at positions %s belong to streams whose start was never logged", changes.orphans
            )
        self.views.apply(changes)
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

    def rebuild(
        self, progress: Progress | None = None, workers: int | None = None, part_events: int = PART_EVENTS
    ) -> int:
        """Empty the views and project the whole log again from position 0.

        Where the log can be read in ranges and the views replaced in one transaction, the log is
        projected in parts by `workers` processes (one per CPU by default) and the views are written in
        bulk; otherwise batch by batch, as the projection worker does.
        """
        if isinstance(self.events, PartitionableLog) and isinstance(self.views, RebuildableViews):
            rebuilt = rebuild_in_parts(
                self.events, self.views, self.store_content, workers, progress, part_events
            )
            self.catch_up(progress=progress, batch_size=self.rebuild_batch_size)  # what came meanwhile
            return rebuilt
        self.views.reset()
        return self.catch_up(progress=progress, batch_size=self.rebuild_batch_size)

    def lag(self) -> Lag:
        return Lag(self.views.position(), self.events.last_position())
