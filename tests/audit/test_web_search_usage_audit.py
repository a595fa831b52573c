"""The audit chains a reply's web search count as the ledger does: an intact record checks out, one
whose count was changed in the store breaks the chain at that record."""

import dataclasses
from typing import Any

from domain.usage import ModelUsage, UsageLedger
from tests.audit.chain_breaks import breaks_in
from tests.domain.usage_strategies import MONTH_START, USER


def ledger_with_searches() -> UsageLedger:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("chat", ModelUsage("gpt-5-mini", input_tokens=40, output_tokens=7), 12, MONTH_START)
    ledger.record(
        "search",
        ModelUsage("gpt-5-mini", input_tokens=9000, output_tokens=80, web_searches=2),
        22_410,
        MONTH_START,
    )
    return ledger


def test_records_of_replies_that_searched_check_out() -> None:
    assert breaks_in(list(ledger_with_searches().collect_events())) == []


def test_a_changed_search_count_breaks_the_chain_at_its_record() -> None:
    events: list[Any] = list(ledger_with_searches().collect_events())
    events[1] = dataclasses.replace(events[1], web_searches=1)
    events[2] = dataclasses.replace(events[2], web_searches=0)

    assert breaks_in(events) == [(0, "chat"), (1, "search")]
