"""Usage the bot estimated is marked in its record and covered by the record's digest, while every
record stored before the mark existed still loads and verifies as it was chained."""

import dataclasses
import hashlib
import json
from datetime import datetime
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder, Mapper, StoredEvent, UUIDAsHex
from hypothesis import given
from hypothesis import strategies as st

from domain.digest import genesis_digest
from domain.usage import ModelUsage, UsageLedger, usage_fields
from tests.domain.usage_strategies import MONTH_START, PERIOD, USER, Call, calls

OLD_FIELDS = (
    "request_id",
    "kind",
    "model",
    "input_tokens",
    "output_tokens",
    "cached_tokens",
    "images",
    "cost_micros",
    "at",
)
"""What a record's digest covered before the bot marked its estimates."""


def histories(min_size: int = 0) -> st.SearchStrategy[list[Call]]:
    return st.lists(calls, min_size=min_size, max_size=12, unique_by=lambda call: call[0])


def reported_only(history: list[Call]) -> list[Call]:
    return [
        (request_id, dataclasses.replace(usage, estimated=False), cost, at)
        for request_id, usage, cost, at in history
    ]


def ledger_of(history: list[Call]) -> UsageLedger:
    ledger = UsageLedger.open(USER, MONTH_START)
    for call in history:
        ledger.record(*call)
    return ledger


def old_digest(fields: dict[str, Any], prev_digest: str) -> str:
    """ADR 5's digest over the fields records had before the mark: SHA-256 of the canonical JSON."""
    canonical = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in fields.items()}
    payload = json.dumps([prev_digest, canonical], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def mapper() -> Mapper[Any]:
    transcoder = JSONTranscoder()
    transcoder.register(UUIDAsHex())
    transcoder.register(DatetimeAsISO())
    return Mapper(transcoder=transcoder)


def stored_without(ledger: UsageLedger, *names: str) -> list[StoredEvent]:
    """The ledger's events as a release before the fields `names` stored them: without those fields."""
    encoding, stored = mapper(), []
    for event in ledger.collect_events():
        written = encoding.to_stored_event(event)
        state = encoding.transcoder.decode(written.state)
        for name in names:
            state.pop(name, None)
        stored.append(dataclasses.replace(written, state=encoding.transcoder.encode(state)))
    return stored


def loaded_as_stored_without(ledger: UsageLedger, *names: str) -> UsageLedger:
    """The ledger as the bot loads events stored before the fields `names` came."""
    encoding = mapper()
    return rebuilt([encoding.to_domain_event(stored) for stored in stored_without(ledger, *names)])


def stored_without_the_mark(ledger: UsageLedger) -> list[StoredEvent]:
    """The ledger's events as the bot stored them before it marked estimates: no `estimated` field."""
    return stored_without(ledger, "estimated")


def rebuilt(events: list[Any]) -> UsageLedger:
    ledger: Any = None
    for event in events:
        ledger = event.mutate(ledger)
    assert isinstance(ledger, UsageLedger)
    return ledger


@given(history=histories())
def test_a_reported_record_is_digested_exactly_as_records_were_before_estimates_were_marked(
    history: list[Call],
) -> None:
    ledger = ledger_of(reported_only(history))

    prev = genesis_digest(USER, PERIOD)
    for record in ledger.records:
        fields = usage_fields(record.request_id, record.usage, record.cost_micros, record.at)
        assert tuple(fields) == OLD_FIELDS
        assert record.digest == old_digest(fields, prev)
        prev = record.digest


@given(history=histories())
def test_only_an_estimated_record_digests_its_mark(history: list[Call]) -> None:
    ledger = ledger_of(history)

    for record in ledger.records:
        fields = usage_fields(record.request_id, record.usage, record.cost_micros, record.at)
        assert ("estimated" in fields) is record.usage.estimated
        assert fields.get("estimated", True) is True


@given(history=histories())
def test_events_stored_without_the_mark_load_as_reported_usage_and_verify(history: list[Call]) -> None:
    written = ledger_of(reported_only(history))
    expected = list(written.records)

    loaded = rebuilt([mapper().to_domain_event(stored) for stored in stored_without_the_mark(written)])

    assert loaded.records == expected
    assert not any(record.usage.estimated for record in loaded.records)
    assert loaded.verify() == []
    assert loaded.totals() == written.totals()


@given(history=histories(min_size=1), pick=st.integers(min_value=0))
def test_turning_the_mark_over_on_a_stored_record_breaks_the_chain_at_that_record(
    history: list[Call], pick: int
) -> None:
    events: list[Any] = list(ledger_of(history).collect_events())
    position = pick % (len(events) - 1)
    original = events[position + 1]
    events[position + 1] = dataclasses.replace(original, estimated=not original.estimated)

    breaks = rebuilt(events).verify()

    assert breaks and min(b.position for b in breaks) == position
    assert all(b.problem == "content does not match its digest" for b in breaks if b.position == position)


@given(history=histories(min_size=1), pick=st.integers(min_value=0))
def test_marking_an_old_record_as_estimated_breaks_the_chain_at_that_record(
    history: list[Call], pick: int
) -> None:
    encoding = mapper()
    stored = stored_without_the_mark(ledger_of(reported_only(history)))
    position = pick % (len(stored) - 1)
    state = encoding.transcoder.decode(stored[position + 1].state)
    marked = encoding.transcoder.encode({**state, "estimated": True})
    stored[position + 1] = dataclasses.replace(stored[position + 1], state=marked)

    loaded = rebuilt([encoding.to_domain_event(event) for event in stored])

    assert loaded.records[position].usage.estimated
    breaks = loaded.verify()
    assert breaks and min(b.position for b in breaks) == position


def test_an_estimate_is_counted_apart_in_the_ledgers_totals() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("reported", ModelUsage("m", input_tokens=100, output_tokens=10), 300, MONTH_START)
    ledger.record("cut", ModelUsage("m", input_tokens=80, output_tokens=4, estimated=True), 200, MONTH_START)

    totals = ledger.totals()

    assert (totals.requests, totals.cost_micros) == (2, 500)
    assert (totals.estimated_requests, totals.estimated_cost_micros) == (1, 200)
    assert ledger.totals_from(MONTH_START.date()) == totals
