"""Benchmark: what the spend journal costs per message (ADR 30), an append fsync'd to its file, against
a commit of the same usage record to the embedded SQLite store, in the same run; and how fast a drain
writes the journal into the ledger once the store is back."""

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from adapters.journal.files import FileSpendJournal
from adapters.sql.event_store import EventStoreAggregates
from adapters.system_clock import SystemClock
from application.billing.usage import UsageService
from application.chat.conversations import Conversations
from application.chat.spend_journal import SpendJournalService
from application.spend_entries import SpendEntry
from bench.measure import median, percentile
from bench.result import Figure, Result, rate, ratio
from domain.budget import Limits
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage

MODEL = "bench-model"
PRICES = PriceTable({MODEL: ModelPrice(input_micros_per_mtok=250_000, output_micros_per_mtok=2_000_000)})
USERS = 50
REPLY = "A reply of about the length a chat answer has, written into the journal beside its charge. " * 6


def entries(count: int) -> list[SpendEntry]:
    usage = ModelUsage(MODEL, input_tokens=1_200, output_tokens=400, cached_tokens=200)
    at = datetime.now(UTC)
    return [SpendEntry(n % USERS, f"bench-{n}", usage, 1_000, at, n % USERS, REPLY) for n in range(count)]


async def appends(journal: FileSpendJournal, kept: list[SpendEntry]) -> list[float]:
    took = []
    for entry in kept:
        started = time.perf_counter()
        await journal.append(entry)
        took.append(time.perf_counter() - started)
    return took


async def commits(usage: UsageService, kept: list[SpendEntry]) -> list[float]:
    took = []
    for entry in kept:
        started = time.perf_counter()
        await usage.record(entry.user_id, f"store-{entry.request_id}", entry.usage)
        took.append(time.perf_counter() - started)
    return took


def run(quick: bool) -> Result:
    count = 200 if quick else 1_000
    result = Result(
        "Spend journal",
        f"{count:,} usage records (with a {len(REPLY)}-character reply each) of {USERS} users, appended one "
        "at a time to the spend journal (a JSON line, written and fsync'd) and, in the same run, recorded one "
        "at a time in the embedded SQLite store (read the ledger, commit the record); then the journal "
        "drained into that store.",
    )
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-journal-") as folder:
        store = EventStoreAggregates.from_database_url(f"sqlite:///{Path(folder) / 'bench.db'}")
        try:
            clock = SystemClock()
            usage = UsageService(store, clock, PRICES, Limits())
            journal = FileSpendJournal(Path(folder) / "journal")
            kept = entries(count)
            journal_took = asyncio.run(appends(journal, kept))
            store_took = asyncio.run(commits(usage, kept))
            spend = SpendJournalService(journal, store, usage, Conversations(clock))
            started = time.perf_counter()
            drained = asyncio.run(spend.drain())
            drain_seconds = time.perf_counter() - started
        finally:
            store.close()
    ours, theirs = median(journal_took), median(store_took)
    result.add(
        Figure(
            "journal append + fsync, median",
            f"{ours * 1000:.2f} ms",
            f"{theirs * 1000:.2f} ms (store)",
            ratio(ours, theirs),
        ),
        Figure(
            "journal append + fsync, p95",
            f"{percentile(journal_took, 0.95) * 1000:.2f} ms",
            f"{percentile(store_took, 0.95) * 1000:.2f} ms (store)",
            ratio(percentile(journal_took, 0.95), percentile(store_took, 0.95)),
        ),
        Figure("drain into the ledger", rate(drained.written / drain_seconds) if drain_seconds else "n/a"),
    )
    result.note(
        "The journal is written only for a call that completes while the store cannot be written; on the "
        "common path it costs nothing. The store's figure is the commit the journal stands in for. Both "
        "are on the same disk (the bench's temporary folder), ext4 here."
    )
    result.note(
        f"{drained.written:,} records drained in {drain_seconds:.2f} s; {drained.waiting} left waiting."
    )
    return result
