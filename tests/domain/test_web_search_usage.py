"""A reply that searched the web: its search calls priced per call on top of its tokens, digested only
when there are any (every record stored before search digests, loads and verifies as it did), and a
changed stored count breaks the chain."""

import dataclasses

from hypothesis import given

from domain.errors import InvalidUsage
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage, UsageLedger, usage_fields
from tests.domain.test_estimated_usage_chain import (
    OLD_FIELDS,
    histories,
    ledger_of,
    loaded_as_stored_without,
    rebuilt,
)
from tests.domain.usage_strategies import MONTH_START, USER, Call

MINI = ModelPrice(
    input_micros_per_mtok=250_000,
    cached_input_micros_per_mtok=25_000,
    output_micros_per_mtok=2_000_000,
    web_search_micros=10_000,
)
PRICES = PriceTable({"gpt-5-mini": MINI})


def searched(calls: int, input_tokens: int = 8_000, output_tokens: int = 300) -> ModelUsage:
    return ModelUsage(
        "gpt-5-mini", input_tokens=input_tokens, output_tokens=output_tokens, web_searches=calls
    )


def test_each_search_call_costs_its_price_on_top_of_the_tokens() -> None:
    tokens = PRICES.cost_micros(searched(0))
    assert tokens == 2_600  # 8,000 input tokens at $0.25/M and 300 output tokens at $2/M
    assert PRICES.cost_micros(searched(1)) == tokens + 10_000
    assert PRICES.cost_micros(searched(3)) == tokens + 30_000


def test_a_model_without_a_search_price_charges_only_its_tokens() -> None:
    assert PriceTable({"gpt-5-mini": dataclasses.replace(MINI, web_search_micros=0)}).cost_micros(
        searched(2)
    ) == PRICES.cost_micros(searched(0))


def test_a_negative_search_count_is_refused() -> None:
    try:
        searched(-1)
    except InvalidUsage:
        return
    raise AssertionError("a negative search count was accepted")


def test_a_reply_that_searched_digests_its_search_count() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("r1", searched(2), 22_600, MONTH_START)
    [record] = ledger.records
    fields = usage_fields(record.request_id, record.usage, record.cost_micros, record.at)
    assert tuple(fields) == (*OLD_FIELDS, "web_searches")
    assert record.usage.web_searches == 2 and ledger.verify() == []


@given(history=histories(min_size=1))
def test_events_stored_before_search_load_and_verify(history: list[Call]) -> None:
    written = ledger_of(history)

    loaded = loaded_as_stored_without(written, "web_searches")

    assert loaded.records == written.records and loaded.verify() == []
    assert all(record.usage.web_searches == 0 for record in loaded.records)


def test_changing_a_stored_search_count_breaks_the_chain() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("r1", searched(1), 12_600, MONTH_START)
    ledger.record("r2", searched(0), 2_600, MONTH_START)
    events = list(ledger.collect_events())
    events[1] = dataclasses.replace(events[1], web_searches=0)  # type: ignore[type-var]
    events[2] = dataclasses.replace(events[2], web_searches=4)  # type: ignore[type-var]

    assert [b.request_id for b in rebuilt(events).verify()] == ["r1", "r2"]
