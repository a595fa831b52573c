"""A long conversation's summary calls are chained like every record: intact they check out, and one
whose kind was changed in the store (to hide it among the chats) breaks the chain at that record."""

import dataclasses
from typing import Any

from application.audit.ledgers import Ledger, read_run
from application.audit.model import AuditScope
from domain.usage import ModelUsage, UsageKind, UsageLedger
from tests.domain.usage_strategies import MONTH_START, PERIOD, USER


def ledger_with_a_summary() -> UsageLedger:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("r1", ModelUsage("gpt-5-mini", input_tokens=40, output_tokens=7), 12, MONTH_START)
    summary = ModelUsage("gpt-5-mini", UsageKind.SUMMARY, input_tokens=900, output_tokens=120)
    ledger.record("r2:summary:1f", summary, 465, MONTH_START)
    ledger.record("r2", ModelUsage("gpt-5-mini", input_tokens=300, output_tokens=9), 93, MONTH_START)
    return ledger


def breaks_in(events: list[Any]) -> list[tuple[int, str]]:
    ledger_id = events[0].originator_id
    run = read_run(events, {ledger_id: Ledger(ledger_id, USER, PERIOD)}, AuditScope())
    trail = run.trails[ledger_id]
    assert trail is not None
    return [(b.position, b.request_id) for b in trail.breaks]


def test_summary_records_check_out() -> None:
    assert breaks_in(list(ledger_with_a_summary().collect_events())) == []


def test_a_summary_recorded_as_a_chat_breaks_the_chain_at_its_record() -> None:
    events: list[Any] = list(ledger_with_a_summary().collect_events())
    events[2] = dataclasses.replace(events[2], kind=UsageKind.CHAT.value)

    assert breaks_in(events) == [(1, "r2:summary:1f")]
