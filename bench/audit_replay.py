"""Benchmark 4: `gptbot audit replay` and `gptbot audit rebuild` over a million usage events in SQLite,
against a raw sqlite3 scan of the same rows and eventsourcing's own decoding of the same events."""

import contextlib
import json
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from adapters.sql.event_store import EventStoreAggregates
from application.projection.topics import USAGE_LEDGER_TOPICS
from bench.ledger_events import LedgerPlan, write_ledgers
from bench.measure import peak_rss_mb
from bench.result import Figure, Result, rate, ratio
from bench.runner_env import gptbot_command, minimal_env

REBUILD_GOAL = 0.3
"""The rebuild's rate against the mapper's decode of the same events: it decodes them the same way
(through the recorder's notification log), then projects them and writes the views."""
REPLAY_GOAL = 0.8
"""The replay's rate against the mapper's decode of the same events: it decodes them the same way,
then verifies each chain and sums each record."""
SCAN = (
    "SELECT originator_id, originator_version, topic, state FROM stored_events "
    "WHERE topic IN (?, ?) ORDER BY originator_id, originator_version"
)
"""eventsourcing.sqlite's table: the stream id as hex text, the rowid the position in the log."""


def run(quick: bool) -> Result:
    events = 100_000 if quick else 1_000_000
    result = Result(
        "Audit replay and rebuild",
        f"{events:,} usage events ({events // 100:,} monthly ledgers of 100 events, written in the order "
        "the bot writes them: every user's n-th record of a month before anyone's (n+1)-th) in an SQLite "
        "event store made by the bench; each command run as its own process.",
    )
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-audit-") as folder:
        path = Path(folder) / "events.db"
        url = f"sqlite:///{path}"
        started = time.perf_counter()
        written = write_ledgers(url, LedgerPlan.for_events(events))
        result.note(
            f"Writing the {written:,} events took {time.perf_counter() - started:.1f} s (not measured)."
        )
        scan_seconds, scanned = _raw_scan(path)
        decode_seconds = _eventsourcing_decode(url, path)
        rebuild_seconds, rebuild_peak = _command(url, folder, "audit", "rebuild")
        replay_wall, replay_peak = _command(url, folder, "audit", "replay", "--json")
        replay = json.loads((Path(folder) / "stdout").read_text())
        startup, _ = _command(url, folder, "audit", "--help")
    replay_rate = written / replay["seconds"]
    rebuild_rate = written / max(rebuild_seconds - startup, 1e-9)
    scan_rate, decode_rate = scanned / scan_seconds, scanned / decode_seconds
    result.add(
        Figure("raw sqlite3 scan of the same rows, same order (baseline)", rate(scan_rate)),
        Figure("eventsourcing mapper decode of the same events (baseline)", rate(decode_rate)),
        Figure(
            "`gptbot audit replay`: digest chains verified, totals compared with the views",
            f"{rate(replay_rate)} ({replay['seconds']:.1f} s; {replay_wall:.1f} s with start-up)",
            f"decode {rate(decode_rate)}",
            ratio(replay_rate, decode_rate),
            f">= {REPLAY_GOAL:.2f} of decode",
            replay_rate >= REPLAY_GOAL * decode_rate,
        ),
        Figure(
            "`gptbot audit replay` against the raw scan",
            "",
            f"scan {rate(scan_rate)}",
            ratio(replay_rate, scan_rate),
        ),
        Figure(
            "`gptbot audit rebuild`: views emptied and projected again, batch by batch",
            f"{rate(rebuild_rate)} ({rebuild_seconds - startup:.1f} s; {rebuild_seconds:.1f} s with start-up)",
            f"decode {rate(decode_rate)}",
            ratio(rebuild_rate, decode_rate),
            f">= {REBUILD_GOAL:.2f} of decode",
            rebuild_rate >= REBUILD_GOAL * decode_rate,
        ),
        Figure("peak memory of replay / rebuild", f"{replay_peak:.0f} MB / {rebuild_peak:.0f} MB"),
        Figure("start-up of a `gptbot audit` command (imports)", f"{startup:.1f} s"),
    )
    result.note(f"Replay verdict on the generated store: {'OK' if replay['ok'] else 'FAILED'}.")
    return result


def _raw_scan(path: Path) -> tuple[float, int]:
    connection = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        count = sum(1 for _ in connection.execute(SCAN, USAGE_LEDGER_TOPICS))
        return time.perf_counter() - started, count
    finally:
        connection.close()


def _eventsourcing_decode(url: str, path: Path) -> float:
    """The same rows read the same way, each made a domain event by the application's mapper."""
    store = EventStoreAggregates.from_database_url(url)
    mapper = store.app.mapper
    connection = sqlite3.connect(path)
    try:
        started = time.perf_counter()
        for originator_id, version, topic, state in connection.execute(SCAN, USAGE_LEDGER_TOPICS):
            mapper.to_domain_event(StoredEvent(UUID(hex=originator_id), version, topic, state))
        return time.perf_counter() - started
    finally:
        connection.close()
        store.close()


def _command(url: str, folder: str, *args: str) -> tuple[float, float]:
    """Wall time and peak memory (MB) of one gptbot command; its stdout is kept in folder/stdout."""
    env = minimal_env({"DATABASE_URL": url})
    with open(Path(folder) / "stdout", "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(gptbot_command(*args), env=env, cwd=folder, stdout=out)
        peak = _wait_for_peak(process)
        elapsed = time.perf_counter() - started
    if process.returncode not in (0, 1):
        raise RuntimeError(f"gptbot {' '.join(args)} exited with {process.returncode}")
    return elapsed, peak


def _wait_for_peak(process: "subprocess.Popen[bytes]") -> float:
    peak = 0.0
    while process.poll() is None:
        with contextlib.suppress(OSError, LookupError):  # the process may be gone between the checks
            peak = max(peak, peak_rss_mb(process.pid))
        time.sleep(0.05)
    return peak
