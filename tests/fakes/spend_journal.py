"""A SpendJournal kept in memory: batches held by a drain are out of reach of another until released."""

from itertools import count

from application.spend_entries import SpendBatch, SpendEntry


class FakeSpendJournal:
    def __init__(self) -> None:
        self.kept: dict[str, list[SpendEntry]] = {}
        self.held: set[str] = set()
        self.open: str | None = None
        self._ids = count(1)

    async def append(self, entry: SpendEntry) -> None:
        if self.open is None:
            self.open = f"batch-{next(self._ids)}"
            self.kept[self.open] = []
        self.kept[self.open].append(entry)

    async def claim(self) -> list[SpendBatch]:
        self.open = None  # sealed: later entries start a batch of their own
        free = [batch_id for batch_id in self.kept if batch_id not in self.held]
        self.held.update(free)
        return [SpendBatch(batch_id, tuple(self.kept[batch_id])) for batch_id in free]

    async def settle(self, batch: SpendBatch) -> None:
        self.held.remove(batch.batch_id)
        del self.kept[batch.batch_id]

    async def release(self, batch: SpendBatch) -> None:
        self.held.remove(batch.batch_id)

    def waiting(self) -> int:
        return sum(len(entries) for entries in self.kept.values())
