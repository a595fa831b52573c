"""`python -m bench.store_modules`: what one store call costs through each persistence module (ADR 20).

The same application and aggregates (usage ledgers of 20 records, cached and fast-forwarded as the bot
runs them) on eventsourcing_sqlalchemy and on eventsourcing's own `eventsourcing.sqlite` and
`eventsourcing.postgres`, on an SQLite file and on a private PostgreSQL cluster (started by the tests'
harness, without fsync). A cached read is one query for newer events; a save is a read, one new
record and its commit. Ratios are against eventsourcing_sqlalchemy measured in the same run.
"""

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from uuid import UUID

from adapters.sql.event_store import EventStoreAggregates, GptBot
from adapters.sql.store_settings import CACHE, store_env
from bench.services import ServicesUnavailable
from domain.usage import ModelUsage, UsageKind, UsageLedger
from tests.support.postgres import PostgresUnavailable, start_cluster

LEDGERS, RECORDS, READS, SAVES = 50, 20, 3000, 300
USAGE = ModelUsage("model", UsageKind.CHAT, 10, 5)


def measure(env: dict[str, str]) -> tuple[float, float]:
    """Microseconds of CPU per cached read and per read-and-save."""
    app = GptBot(env)
    try:
        at = datetime.now(UTC)
        ids: list[UUID] = []
        for user in range(LEDGERS):
            ledger = UsageLedger.open(user, at)
            for n in range(RECORDS):
                ledger.record(f"{user}-{n}", USAGE, 7, at)
            app.save(ledger)
            ids.append(ledger.id)
        for ledger_id in ids:
            app.repository.get(ledger_id)
        started = time.process_time()
        for n in range(READS):
            app.repository.get(ids[n % LEDGERS])
        read = (time.process_time() - started) / READS * 1e6
        started = time.process_time()
        for n in range(SAVES):
            ledger = app.repository.get(ids[n % LEDGERS])
            ledger.record(f"more-{n}", USAGE, 7, at)
            app.save(ledger)
        return read, (time.process_time() - started) / SAVES * 1e6
    finally:
        app.close()


def migrated_env(url: str) -> dict[str, str]:
    """The store's settings, on a database whose event tables the migrations have made (ADR 43)."""
    EventStoreAggregates.from_database_url(url).close()
    return store_env(url)


def sqlalchemy_env(url: str) -> dict[str, str]:
    return {**CACHE, "PERSISTENCE_MODULE": "eventsourcing_sqlalchemy", "SQLALCHEMY_URL": url}


@contextmanager
def postgres_databases() -> Iterator[tuple[str, str]]:
    try:
        cluster = start_cluster()
    except (PostgresUnavailable, OSError) as error:
        raise ServicesUnavailable(f"PostgreSQL: {error}") from error
    try:
        yield cluster.create_database(), cluster.create_database()
    finally:
        cluster.stop()


def report(name: str, baseline: tuple[float, float], ours: tuple[float, float]) -> None:
    print(
        f"{name}: cached read {ours[0]:.0f} µs (eventsourcing_sqlalchemy {baseline[0]:.0f} µs, "
        f"{ours[0] / baseline[0]:.2f}×); read and save {ours[1]:.0f} µs "
        f"(eventsourcing_sqlalchemy {baseline[1]:.0f} µs, {ours[1] / baseline[1]:.2f}×)"
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-store-") as folder:
        baseline = measure(sqlalchemy_env(f"sqlite:///{folder}/sqlalchemy.db"))
        report("eventsourcing.sqlite", baseline, measure(migrated_env(f"sqlite:///{folder}/sqlite.db")))
    try:
        with postgres_databases() as (theirs, ours):
            baseline = measure(sqlalchemy_env(theirs.replace("postgresql://", "postgresql+psycopg://")))
            report("eventsourcing.postgres", baseline, measure(migrated_env(ours)))
    except ServicesUnavailable as error:
        print(f"eventsourcing.postgres: not measured ({error})")


if __name__ == "__main__":
    main()
