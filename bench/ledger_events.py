"""Usage ledgers written fast for the audit benchmark: genuine events, stored in large batches.

Each ledger is built by the real `UsageLedger` aggregate and encoded by the application's own mapper,
so the rows are exactly what the bot would have written; they are handed to the application's recorder
(`insert_events`, its public interface) in large batches, which is what makes a million events quick
to write.
"""

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from eventsourcing.persistence import StoredEvent

from adapters.sql.event_store import EventStoreAggregates
from domain.usage import ModelUsage, UsageKind, UsageLedger

MONTHS = ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
MODELS = ("gpt-5-mini", "gpt-5", "gpt-5-nano")
KINDS = (
    UsageKind.CHAT,
    UsageKind.CHAT,
    UsageKind.CHAT,
    UsageKind.VISION,
    UsageKind.DOCUMENT,
    UsageKind.IMAGE,
)
BATCH = 5_000
"""Events per call of the recorder: one transaction each (eventsourcing.postgres stalled on 20,000)."""


@dataclass(frozen=True)
class LedgerPlan:
    """`users` users, each with one ledger per month in MONTHS, each ledger `events_per_ledger` long."""

    users: int
    events_per_ledger: int

    @classmethod
    def for_events(cls, events: int, events_per_ledger: int = 100) -> "LedgerPlan":
        ledgers = max(1, events // events_per_ledger)
        return cls(max(1, ledgers // len(MONTHS)), events_per_ledger)

    @property
    def events(self) -> int:
        return self.users * len(MONTHS) * self.events_per_ledger


def month_rows(month: str, first_user: int, users: int, events_per_ledger: int) -> list[list[StoredEvent]]:
    """Each of these users' ledger for the month, as the application's mapper encodes it."""
    mapper = EventStoreAggregates.in_memory().app.mapper
    ledgers = []
    for user_id in range(first_user, first_user + users):
        ledger = _ledger(user_id, month, events_per_ledger - 1)
        ledgers.append([mapper.to_stored_event(event) for event in ledger.collect_events()])
    return ledgers


def _ledger(user_id: int, month: str, records: int) -> UsageLedger:
    start = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    ledger = UsageLedger.open(user_id, start)
    minutes_in_month = 28 * 24 * 60
    for n in range(records):
        kind = KINDS[(user_id + n) % len(KINDS)]
        usage = ModelUsage(
            MODELS[(user_id * 7 + n) % len(MODELS)],
            kind,
            input_tokens=200 + (n * 37 + user_id) % 3000,
            output_tokens=50 + (n * 13) % 800,
            cached_tokens=(n * 11) % 150,
            images=int(kind is UsageKind.IMAGE),
        )
        at = start + timedelta(minutes=(n * minutes_in_month) // max(1, records) + user_id % 60)
        ledger.record(f"update-{user_id}-{month}-{n}", usage, 100 + (n * 97 + user_id) % 20_000, at)
    return ledger


def write_ledgers(database_url: str, plan: LedgerPlan, workers: int | None = None) -> int:
    """Fill the event store with the plan's ledgers, in the order the bot would have written them
    (every user's n-th record of a month before anyone's (n+1)-th); the number of events written."""
    store = EventStoreAggregates.from_database_url(database_url)
    try:
        recorder = store.app.recorder
        written = 0
        for rows in _months(plan, workers or os.cpu_count() or 1):
            for start in range(0, len(rows), BATCH):
                recorder.insert_events(rows[start : start + BATCH])
            written += len(rows)
        return written
    finally:
        store.close()


def _months(plan: LedgerPlan, workers: int) -> Iterator[list[StoredEvent]]:
    chunk = max(1, min(100, plan.users // workers))
    # Spawned, not forked: a forked child could inherit a lock held by one of the store's threads.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        months = [
            [
                pool.submit(
                    month_rows, month, first, min(chunk, plan.users + 1 - first), plan.events_per_ledger
                )
                for first in range(1, plan.users + 1, chunk)
            ]
            for month in MONTHS
        ]
        for futures in months:
            ledgers = [ledger for future in futures for ledger in future.result()]
            yield [ledger[n] for n in range(plan.events_per_ledger) for ledger in ledgers]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
