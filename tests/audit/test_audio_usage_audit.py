"""The audit chains a transcription's audio counts as the ledger does: an intact record checks out,
one whose audio count was changed in the store breaks the chain at that record."""

import dataclasses
from typing import Any

from application.audit.ledgers import Ledger, read_run
from application.audit.model import AuditScope
from domain.usage import ModelUsage, UsageKind, UsageLedger
from tests.domain.usage_strategies import MONTH_START, PERIOD, USER


def ledger_with_transcriptions() -> UsageLedger:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("chat", ModelUsage("gpt-5-mini", input_tokens=40, output_tokens=7), 12, MONTH_START)
    tokens = ModelUsage("gpt-4o-mini-transcribe", UsageKind.TRANSCRIPTION, 180, 25, audio_tokens=170)
    ledger.record("voice", tokens, 650, MONTH_START)
    duration = ModelUsage("whisper-1", UsageKind.TRANSCRIPTION, audio_seconds=9)
    ledger.record("whisper", duration, 900, MONTH_START)
    return ledger


def breaks_in(events: list[Any]) -> list[tuple[int, str]]:
    ledger_id = events[0].originator_id
    run = read_run(events, {ledger_id: Ledger(ledger_id, USER, PERIOD)}, AuditScope())
    trail = run.trails[ledger_id]
    assert trail is not None
    return [(b.position, b.request_id) for b in trail.breaks]


def test_transcription_records_check_out() -> None:
    assert breaks_in(list(ledger_with_transcriptions().collect_events())) == []


def test_a_changed_audio_count_breaks_the_chain_at_its_record() -> None:
    events: list[Any] = list(ledger_with_transcriptions().collect_events())
    events[2] = dataclasses.replace(events[2], audio_tokens=17)
    events[3] = dataclasses.replace(events[3], audio_seconds=0)

    assert breaks_in(events) == [(1, "voice"), (2, "whisper")]
