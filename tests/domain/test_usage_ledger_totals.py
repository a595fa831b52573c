"""Ledger arithmetic: totals are the sum of what was recorded, and a request is recorded once."""

from datetime import UTC, datetime, time
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidUsage, NaiveTimestamp
from domain.usage import ModelUsage, Totals, UsageLedger
from tests.domain.usage_strategies import MONTH_START, USER, Call, calls, model_usages, moments, request_ids


def ledger_after(history: list[Call]) -> tuple[UsageLedger, list[bool]]:
    ledger = UsageLedger.open(USER, MONTH_START)
    return ledger, [ledger.record(*call) for call in history]


def first_recordings(history: list[Call]) -> list[Call]:
    seen: set[str] = set()
    firsts = []
    for call in history:
        if call[0] not in seen:
            seen.add(call[0])
            firsts.append(call)
    return firsts


def sum_of(history: list[Call]) -> Totals:
    return Totals(
        requests=len(history),
        input_tokens=sum(u.input_tokens for _, u, _, _ in history),
        output_tokens=sum(u.output_tokens for _, u, _, _ in history),
        cached_tokens=sum(u.cached_tokens for _, u, _, _ in history),
        images=sum(u.images for _, u, _, _ in history),
        cost_micros=sum(cost for _, _, cost, _ in history),
        estimated_requests=sum(u.estimated for _, u, _, _ in history),
        estimated_cost_micros=sum(cost for _, u, cost, _ in history if u.estimated),
    )


@given(history=st.lists(calls, max_size=30))
def test_totals_equal_the_sum_of_each_request_recorded_once(history: list[Call]) -> None:
    ledger, _ = ledger_after(history)

    assert ledger.totals() == sum_of(first_recordings(history))


@given(history=st.lists(calls, max_size=30))
def test_recording_reports_whether_the_request_was_new(history: list[Call]) -> None:
    _, results = ledger_after(history)

    assert results == [call[0] not in {c[0] for c in history[:n]} for n, call in enumerate(history)]


@given(history=st.lists(calls, max_size=30), since=moments, until=moments)
def test_totals_over_a_window_sum_the_records_inside_it(
    history: list[Call], since: datetime, until: datetime
) -> None:
    ledger, _ = ledger_after(history)

    inside = [c for c in first_recordings(history) if since <= c[3] < until]
    assert ledger.totals(since=since, until=until) == sum_of(inside)


@given(history=st.lists(calls, max_size=30), since=moments)
def test_totals_from_a_day_sum_the_records_made_that_day_or_later(
    history: list[Call], since: datetime
) -> None:
    ledger, _ = ledger_after(history)
    midnight = datetime.combine(since.date(), time(), tzinfo=UTC)

    inside = [c for c in first_recordings(history) if c[3] >= midnight]
    assert ledger.totals_from(since.date()) == sum_of(inside) == ledger.totals(since=midnight)
    assert ledger.totals_from() == ledger.totals()


@given(history=st.lists(calls, max_size=30))
def test_a_ledger_rebuilt_from_its_events_has_the_same_daily_totals(history: list[Call]) -> None:
    ledger, _ = ledger_after(history)
    events = ledger.collect_events()
    rebuilt = None
    for domain_event in events:
        rebuilt = domain_event.mutate(rebuilt)

    assert isinstance(rebuilt, UsageLedger)
    assert rebuilt.daily == ledger.daily


@given(
    history=st.lists(calls, min_size=1, max_size=20),
    again=st.tuples(model_usages(), moments),
    pick=st.integers(0),
)
def test_recording_the_same_request_again_changes_nothing(
    history: list[Call], again: tuple[ModelUsage, datetime], pick: int
) -> None:
    ledger, _ = ledger_after(history)
    ledger.collect_events()
    before = (list(ledger.records), ledger.version, ledger.totals(), ledger.head_digest)
    request_id = history[pick % len(history)][0]

    recorded = ledger.record(request_id, again[0], 12_345, again[1])

    assert recorded is False
    assert (list(ledger.records), ledger.version, ledger.totals(), ledger.head_digest) == before
    assert ledger.collect_events() == []


@given(request_id=request_ids, usage=model_usages(), at=moments)
def test_each_record_is_chained_to_the_one_before(request_id: str, usage: ModelUsage, at: datetime) -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("first", ModelUsage("m", input_tokens=1), 2, MONTH_START)
    head = ledger.head_digest

    ledger.record(request_id + "-second", usage, 3, at)

    assert ledger.records[-1].prev_digest == head
    assert ledger.verify() == []


@pytest.mark.parametrize(
    ("request_id", "cost", "at", "problem"),
    [
        ("", 1, MONTH_START, "needs a request id"),
        ("r1", -1, MONTH_START, "non-negative"),
        ("r1", 1.5, MONTH_START, "non-negative"),
        ("r1", 1, datetime(2026, 12, 1, tzinfo=UTC), "does not belong to 2026-11"),
        ("r1", 1, datetime(2026, 10, 31, 23, 59, tzinfo=UTC), "does not belong to 2026-11"),
    ],
)
def test_an_invalid_record_is_refused(request_id: str, cost: int, at: datetime, problem: str) -> None:
    ledger = UsageLedger.open(USER, MONTH_START)

    with pytest.raises(InvalidUsage, match=problem):
        ledger.record(request_id, ModelUsage("m", input_tokens=1), cost, at)

    assert ledger.records == []


def test_a_naive_timestamp_is_refused() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)

    with pytest.raises(NaiveTimestamp):
        ledger.record("r1", ModelUsage("m"), 1, datetime(2026, 11, 2))


@pytest.mark.parametrize(
    "counts",
    [
        {"input_tokens": -1},
        {"output_tokens": -5},
        {"images": -1},
        {"input_tokens": 10, "cached_tokens": 11},
        {"input_tokens": 1.0},
    ],
)
def test_impossible_token_counts_are_refused(counts: dict[str, Any]) -> None:
    with pytest.raises(InvalidUsage):
        ModelUsage("m", **counts)
