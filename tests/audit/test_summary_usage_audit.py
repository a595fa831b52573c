"""A long conversation's summary calls are chained like every record: intact they check out, and one
whose kind was changed in the store (to hide it among the chats) breaks the chain at that record."""

import dataclasses
from typing import Any

from domain.usage import ModelUsage, UsageKind, UsageLedger
from tests.audit.chain_breaks import breaks_in
from tests.domain.usage_strategies import MONTH_START, USER


def ledger_with_a_summary() -> UsageLedger:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("r1", ModelUsage("gpt-5-mini", input_tokens=40, output_tokens=7), 12, MONTH_START)
    summary = ModelUsage("gpt-5-mini", UsageKind.SUMMARY, input_tokens=900, output_tokens=120)
    ledger.record("r2:summary:1f", summary, 465, MONTH_START)
    ledger.record("r2", ModelUsage("gpt-5-mini", input_tokens=300, output_tokens=9), 93, MONTH_START)
    return ledger


def test_summary_records_check_out() -> None:
    assert breaks_in(list(ledger_with_a_summary().collect_events())) == []


def test_a_summary_recorded_as_a_chat_breaks_the_chain_at_its_record() -> None:
    events: list[Any] = list(ledger_with_a_summary().collect_events())
    events[2] = dataclasses.replace(events[2], kind=UsageKind.CHAT.value)

    assert breaks_in(events) == [(1, "r2:summary:1f")]
