"""An Aggregates that times every call of the store it wraps."""

import time
from uuid import UUID

from eventsourcing.domain import Aggregate

from application.ports import A, Aggregates, Metrics


class MeteredAggregates:
    def __init__(self, store: Aggregates, metrics: Metrics) -> None:
        self.store, self.metrics = store, metrics

    async def get(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        started = time.monotonic()
        try:
            return await self.store.get(aggregate_id, kind)
        finally:
            self.metrics.store_called("get", time.monotonic() - started)

    async def save(self, *aggregates: Aggregate) -> None:
        started = time.monotonic()
        try:
            await self.store.save(*aggregates)
        finally:
            self.metrics.store_called("save", time.monotonic() - started)
