"""Transcribed audio: its tokens priced at the audio rate, its length at the per-minute rate, both
chained with the record; records stored before audio existed still load and verify as they were."""

import dataclasses
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from domain.errors import InvalidUsage
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage, UsageKind, UsageLedger, usage_fields
from tests.domain.test_estimated_usage_chain import (
    OLD_FIELDS,
    histories,
    ledger_of,
    loaded_as_stored_without,
    rebuilt,
    reported_only,
)
from tests.domain.usage_strategies import MONTH_START, USER, Call

MINI_TRANSCRIBE = ModelPrice(
    input_micros_per_mtok=1_250_000,
    output_micros_per_mtok=5_000_000,
    audio_input_micros_per_mtok=3_000_000,
    audio_estimate_micros_per_minute=12_000,
)
WHISPER = ModelPrice(audio_micros_per_minute=6_000, audio_estimate_micros_per_minute=6_000)
PRICES = PriceTable({"gpt-4o-mini-transcribe": MINI_TRANSCRIBE, "whisper-1": WHISPER})


def transcription(audio: int, text: int = 0, output: int = 0, seconds: int = 0) -> ModelUsage:
    model = "whisper-1" if seconds else "gpt-4o-mini-transcribe"
    return ModelUsage(
        model,
        UsageKind.TRANSCRIPTION,
        input_tokens=audio + text,
        output_tokens=output,
        audio_tokens=audio,
        audio_seconds=seconds,
    )


def test_audio_tokens_are_priced_apart_from_text_tokens() -> None:
    # a million audio tokens at $3, a million prompt tokens at $1.25, a million output tokens at $5
    usage = transcription(audio=1_000_000, text=1_000_000, output=1_000_000)
    assert PRICES.cost_micros(usage) == 3_000_000 + 1_250_000 + 5_000_000


def test_a_short_voice_message_costs_its_tokens_rounded_up() -> None:
    usage = transcription(audio=171, text=1, output=25)  # $0.000513 + $0.00000125 + $0.000125
    assert PRICES.cost_micros(usage) == 640


def test_whisper_is_priced_by_the_audio_length_rounded_up() -> None:
    assert PRICES.cost_micros(transcription(audio=0, seconds=60)) == 6_000
    assert PRICES.cost_micros(transcription(audio=0, seconds=7)) == 700
    assert PRICES.cost_micros(transcription(audio=0, seconds=1)) == 100


@given(seconds=st.integers(min_value=0, max_value=3600))
def test_the_estimate_from_the_duration_is_never_below_whispers_bill(seconds: int) -> None:
    estimate = PRICES.audio_estimate_micros("whisper-1", seconds)
    assert estimate >= PRICES.cost_micros(transcription(audio=0, seconds=seconds))


def test_a_token_billed_transcription_reported_without_tokens_costs_its_duration_at_the_ceiling() -> None:
    # a server that reported no usage: the audio's length, estimated at the budget check's ceiling
    usage = ModelUsage("gpt-4o-mini-transcribe", UsageKind.TRANSCRIPTION, audio_seconds=30, estimated=True)
    assert PRICES.cost_micros(usage) == PRICES.audio_estimate_micros("gpt-4o-mini-transcribe", 30) == 6_000


def test_a_model_without_an_estimate_is_estimated_at_nothing() -> None:
    assert PRICES.audio_estimate_micros("unknown", 600) == 0


def test_audio_tokens_cannot_exceed_the_input_tokens() -> None:
    try:
        ModelUsage("m", UsageKind.TRANSCRIPTION, input_tokens=10, audio_tokens=11)
    except InvalidUsage:
        return
    raise AssertionError("audio tokens above the input tokens were accepted")


def test_a_transcription_digests_its_audio_counts() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    usage = transcription(audio=170, output=25)
    ledger.record("voice", usage, 636, MONTH_START)
    [record] = ledger.records
    fields = usage_fields(record.request_id, record.usage, record.cost_micros, record.at)
    assert tuple(fields) == (*OLD_FIELDS, "audio_tokens")
    assert record.usage == usage and ledger.verify() == []


@given(history=histories())
def test_records_without_audio_digest_as_before(history: list[Call]) -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    for call in reported_only(history):
        ledger.record(*call)
    for record in ledger.records:
        assert tuple(usage_fields(record.request_id, record.usage, 0, record.at)) == OLD_FIELDS


@given(history=histories(min_size=1))
def test_events_stored_before_audio_load_and_verify(history: list[Call]) -> None:
    written = ledger_of(history)

    loaded = loaded_as_stored_without(written, "audio_tokens", "audio_seconds")

    assert loaded.records == written.records and loaded.verify() == []


def test_changing_a_stored_audio_count_breaks_the_chain() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("voice-1", transcription(audio=170, output=25), 636, MONTH_START)
    ledger.record("voice-2", transcription(audio=0, seconds=9), 900, MONTH_START)
    events: list[Any] = list(ledger.collect_events())
    events[2] = dataclasses.replace(events[2], audio_seconds=3)

    breaks = rebuilt(events).verify()

    assert [(b.position, b.request_id) for b in breaks] == [(1, "voice-2")]
