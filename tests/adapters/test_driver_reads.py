"""On an SQLite file and on PostgreSQL the store reads an aggregate's events through the database
driver itself; what it reads is exactly what eventsourcing_sqlalchemy's own query reads."""

from datetime import UTC, datetime
from uuid import uuid4

from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder

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
