"""An in-memory Aggregates that keeps each aggregate's events and replays them on get."""

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.errors import ConcurrencyConflict, StoreUnavailable

A = TypeVar("A", bound=Aggregate)


class FakeAggregates:
    def __init__(self) -> None:
        self.events: dict[UUID, list[Any]] = {}
        self.available = True

    async def get(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        self._require_available()
        stream = self.events.get(aggregate_id)
        if not stream:
            return None
        aggregate: Any = None
        for stored in stream:
            aggregate = stored.mutate(aggregate)
        if not isinstance(aggregate, kind):
            raise TypeError(f"{aggregate_id} is a {type(aggregate).__name__}, not a {kind.__name__}")
        return aggregate

    async def save(self, *aggregates: Aggregate) -> None:
        self._require_available()
        pending = [(a.id, a.collect_events()) for a in aggregates]
        for aggregate_id, new in pending:
            if new and new[0].originator_version != len(self.events.get(aggregate_id, [])) + 1:
                raise ConcurrencyConflict(f"aggregate {aggregate_id} changed since it was read")
        for aggregate_id, new in pending:
            self.events.setdefault(aggregate_id, []).extend(new)

    def _require_available(self) -> None:
        if not self.available:
            raise StoreUnavailable("the fake event store is switched off")
