"""On an SQLite file and on PostgreSQL the store reads an aggregate's events through the database
driver itself; what it reads is exactly what eventsourcing_sqlalchemy's own query reads."""

from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy.engine import Engine

from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.recorder import CoreSqlRecorder
from domain.usage import ModelUsage, UsageKind, UsageLedger

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_whole_aggregates_and_events_after_a_version_read_as_the_librarys_own_query(
    durable_store_url: str,
) -> None:
    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        ledgers = [UsageLedger.open(user_id, NOW) for user_id in (1, 2)]
        for n in range(5):
            for ledger in ledgers:
                ledger.record(f"r{n}", ModelUsage("gpt-x", UsageKind.CHAT, 10 + n, 2, 0, 0), 7, NOW)
        store.app.save(*ledgers)
        recorder = store.app.recorder
        assert isinstance(recorder, CoreSqlRecorder)
        assert recorder._driver_reads

        for ledger in ledgers:
            for after in (None, 0, 3, 6, 99):
                ours = recorder.select_events(ledger.id, gt=after)
                theirs = SQLAlchemyApplicationRecorder.select_events(recorder, ledger.id, gt=after)
                assert ours == theirs
                assert [e.originator_version for e in ours] == list(range((after or 0) + 1, 7))
            assert recorder.select_events(str(ledger.id)) == recorder.select_events(ledger.id)
        assert recorder.select_events(uuid4()) == []
    finally:
        store.close()


def test_on_postgresql_a_read_is_its_select_alone_and_leaves_the_connection_as_the_pool_gave_it(
    postgres_url: str, tmp_path: Path
) -> None:
    store = EventStoreAggregates.from_database_url(postgres_url)
    try:
        ledger = UsageLedger.open(1, NOW)
        ledger.record("r1", ModelUsage("gpt-x", UsageKind.CHAT, 10, 2, 0, 0), 7, NOW)
        store.app.save(ledger)
        recorder = store.app.recorder
        assert isinstance(recorder, CoreSqlRecorder)
        engine = recorder.datastore.engine
        assert isinstance(engine, Engine)
        engine.pool.dispose()  # one pooled connection from here on, the one the reads below take
        recorder.select_events(ledger.id)
        pooled = engine.raw_connection()
        driver = pooled.driver_connection
        pooled.close()
        trace = tmp_path / "protocol.trace"

        with trace.open("w") as sink:
            driver.pgconn.trace(sink.fileno())  # the client's side of the protocol, as libpq sees it
            events = recorder.select_events(ledger.id, gt=0)
            driver.pgconn.untrace()

        assert [e.originator_version for e in events] == [1, 2]
        sent = trace.read_text()
        assert "SELECT" in sent
        assert "BEGIN" not in sent and "ROLLBACK" not in sent
        assert driver.autocommit is False
        ledger.record("r2", ModelUsage("gpt-x", UsageKind.CHAT, 10, 2, 0, 0), 7, NOW)
        store.app.save(ledger)
        assert [e.originator_version for e in recorder.select_events(ledger.id)] == [1, 2, 3]
    finally:
        store.close()
