"""A writer that keeps recording usage through the store, as the bot would while a backup is taken."""

import threading
from types import TracebackType

from adapters.sql.event_store import EventStoreAggregates
from domain.usage import ModelUsage, UsageLedger
from tests.projections.bulk import DAY_ONE

LIVE_USER = 99


class LiveWriter:
    def __init__(self, database_url: str) -> None:
        self.store = EventStoreAggregates.from_database_url(database_url)
        self.first_saved, self.stop = threading.Event(), threading.Event()
        self.saved = 0
        self.thread = threading.Thread(target=self._write, name="live-writer")

    def _write(self) -> None:
        ledger = UsageLedger.open(LIVE_USER, DAY_ONE)
        while not self.stop.is_set():
            ledger.record(f"live-{self.saved}", ModelUsage("model-live", input_tokens=10), 100, DAY_ONE)
            self.store.app.save(ledger)
            self.saved += 1
            self.first_saved.set()

    def __enter__(self) -> "LiveWriter":
        self.thread.start()
        self.first_saved.wait()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop.set()
        self.thread.join()
        self.store.close()
