"""What the projection needs from the world: the event log it follows, and the views it writes."""

from collections.abc import Collection, Iterator, Sequence
from typing import Protocol
from uuid import UUID

from application.projection.model import LoggedEvent, StreamOwner, ViewChanges


class EventSubscription(Protocol):
    """The log's events after a position, as they are written: the iteration waits for the next event,
    and ends once `stop` is called (from any thread); leaving the context releases its threads."""

    def __iter__(self) -> Iterator[LoggedEvent]: ...

    def stop(self) -> None: ...

    def __enter__(self) -> "EventSubscription": ...

    def __exit__(self, *exc_info: object) -> None: ...


class EventLog(Protocol):
    """The event store read as its notification log, in write order: what projections follow."""

    @property
    def name(self) -> str:
        """The application whose notification log this is: the name its positions are tracked under."""
        ...

    def read(self, after: int, limit: int) -> Sequence[LoggedEvent]:
        """Up to `limit` events at positions after `after`, in log order."""
        ...

    def last_position(self) -> int: ...

    def count(self, topics: Collection[str] = ()) -> int:
        """How many events the log holds (of these topics only, when given)."""
        ...

    def subscribe(self, after: int) -> EventSubscription | None:
        """The events at positions after `after` as they are written; None where the store does not
        announce new events (SQLite), so they are read as they come instead."""
        ...


class ProjectionStore(Protocol):
    """The views' write side: increments and the tracking position are applied in one transaction."""

    def position(self) -> int: ...

    def owners(self, stream_ids: Collection[UUID]) -> dict[UUID, StreamOwner]: ...

    def apply(self, changes: ViewChanges) -> None:
        """Raises ProjectionConflict, changing nothing, unless the position is still changes.after."""
        ...

    def reset(self) -> None:
        """Empty every view and go back to position 0."""
        ...
