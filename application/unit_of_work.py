"""What one use case reads and changes, saved together (a unit of work, as in cosmicpython chapter 6).

An aggregate is read through the unit once: reading the same id again hands back the same object, so a
use case that reads a conversation under the chat's lock and writes to it later pays for one read, and
`commit` saves every aggregate read or added that has new events, in one transaction, in the order
they were last read (a use case reads an aggregate, then changes it: so their events are stored in
the order they were made). A failed commit forgets everything held, so an operation run again
(`retry_on_conflict`) reads it all afresh.
"""

from typing import TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.ports import Aggregates

A = TypeVar("A", bound=Aggregate)


class UnitOfWork:
    def __init__(self, store: Aggregates) -> None:
        self.store = store
        self.held: dict[UUID, Aggregate | None] = {}

    async def get(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        if aggregate_id in self.held:
            held = self.held[aggregate_id] = self.held.pop(aggregate_id)  # now the last one read
        else:
            held = self.held[aggregate_id] = await self.store.get(aggregate_id, kind)
        if held is not None and not isinstance(held, kind):
            raise TypeError(f"{aggregate_id} is a {type(held).__name__}, not a {kind.__name__}")
        return held

    def add(self, aggregate: A) -> A:
        """A new aggregate, saved with the next commit."""
        self.held[aggregate.id] = aggregate
        return aggregate

    async def commit(self) -> None:
        changed = [aggregate for aggregate in self.held.values() if aggregate and aggregate.pending_events]
        if not changed:
            return
        try:
            await self.store.save(*changed)
        except BaseException:  # a conflict or an outage: what is held may be ahead of the store
            self.forget()
            raise

    def forget(self) -> None:
        self.held.clear()
