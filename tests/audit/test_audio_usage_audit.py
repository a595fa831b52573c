"""The audit chains a transcription's audio counts as the ledger does: an intact record checks out,
one whose audio count was changed in the store breaks the chain at that record."""

import dataclasses
from typing import Any

from domain.usage import ModelUsage, UsageKind, UsageLedger
from tests.audit.chain_breaks import breaks_in
from tests.domain.usage_strategies import MONTH_START, USER


def ledger_with_transcriptions() -> UsageLedger:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("chat", ModelUsage("gpt-5-mini", input_tokens=40, output_tokens=7), 12, MONTH_START)
    tokens = ModelUsage("gpt-4o-mini-transcribe", UsageKind.TRANSCRIPTION, 180, 25, audio_tokens=170)
    ledger.record("voice", tokens, 650, MONTH_START)
    duration = ModelUsage("whisper-1", UsageKind.TRANSCRIPTION, audio_seconds=9)
    ledger.record("whisper", duration, 900, MONTH_START)
    return ledger


def test_transcription_records_check_out() -> None:
    assert breaks_in(list(ledger_with_transcriptions().collect_events())) == []


def test_a_changed_audio_count_breaks_the_chain_at_its_record() -> None:
    events: list[Any] = list(ledger_with_transcriptions().collect_events())
    events[2] = dataclasses.replace(events[2], audio_tokens=17)
    events[3] = dataclasses.replace(events[3], audio_seconds=0)

    assert breaks_in(events) == [(1, "voice"), (2, "whisper")]
