"""The usage ledgers' events read through the application's recorder and mapper, on every store."""

from collections.abc import Iterator
from pathlib import Path
from uuid import uuid4

import pytest

from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.ledger_events import ApplicationOpener, RecorderUsageLedgerEvents
from domain.usage import ModelUsage, UsageLedger
from tests.projections.bulk import DAY_ONE
from tests.support.stores import StoreKind, open_store

KINDS = [
    pytest.param(StoreKind.POPO, id="popo"),
    pytest.param(StoreKind.SQLITE, id="sqlite"),
    pytest.param(StoreKind.POSTGRES, id="postgres", marks=pytest.mark.postgres),
]
OPENED, RECORDED = UsageLedger.Opened, UsageLedger.UsageRecorded  # type: ignore[attr-defined]


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStoreAggregates]:
    opened = open_store(request.param, request, tmp_path)
    assert isinstance(opened, EventStoreAggregates)
    try:
        yield opened
    finally:
        opened.close()


def ledger_of(user_id: int, records: int) -> UsageLedger:
    ledger = UsageLedger.open(user_id, DAY_ONE)
    for n in range(records):
        ledger.record(f"r-{user_id}-{n}", ModelUsage("m", input_tokens=n), n, DAY_ONE)
    return ledger


def test_each_ledger_is_found_by_its_opening_and_read_in_version_order(store: EventStoreAggregates) -> None:
    ledgers = [ledger_of(2, 3), ledger_of(1, 2)]
    store.app.save(*ledgers)
    events = RecorderUsageLedgerEvents(store.app)

    openings = list(events.openings())
    read = list(events.ledgers([ledgers[1].id, uuid4(), ledgers[0].id]))

    assert [(type(e), e.originator_id) for e in openings] == [(OPENED, ledger.id) for ledger in ledgers]
    assert [[(type(e), e.originator_version) for e in stream] for stream in read] == [
        [(OPENED, 1), (RECORDED, 2), (RECORDED, 3)],
        [],
        [(OPENED, 1), (RECORDED, 2), (RECORDED, 3), (RECORDED, 4)],
    ]
    assert [vars(e)["request_id"] for e in read[2][1:]] == ["r-2-0", "r-2-1", "r-2-2"]


def test_records_after_a_position_are_the_newer_usage_records_in_log_order(
    store: EventStoreAggregates,
) -> None:
    ledger = ledger_of(1, 2)
    store.app.save(ledger)
    events = RecorderUsageLedgerEvents(store.app)
    position = events.last_position()
    ledger.record("late", ModelUsage("m"), 1, DAY_ONE)
    store.app.save(ledger, ledger_of(2, 1))

    newer = list(events.records_after(position))

    assert [vars(e)["request_id"] for e in newer] == ["late", "r-2-0"]
    assert events.last_position() == position + 3


def test_an_opener_opens_the_same_events_again(durable_store_url: str) -> None:
    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        store.app.save(ledger_of(1, 2))
        here = RecorderUsageLedgerEvents(store.app)
        with ApplicationOpener.of(store.app)() as there:
            assert [vars(e) for e in there.openings()] == [vars(e) for e in here.openings()]
    finally:
        store.close()


def test_an_in_memory_store_cannot_be_opened_from_another_process() -> None:
    store = EventStoreAggregates.in_memory()
    try:
        with pytest.raises(ValueError, match="in memory"):
            ApplicationOpener.of(store.app)
    finally:
        store.close()
