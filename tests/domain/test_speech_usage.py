"""Spoken replies: tts-1 priced by the characters it speaks, gpt-4o-mini-tts by its text and audio
tokens; the characters chained with the record, and records stored before speech load and verify."""

import dataclasses
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from application.chat.speech import estimated_speech
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage, UsageKind, UsageLedger, usage_fields
from tests.domain.test_estimated_usage_chain import (
    OLD_FIELDS,
    histories,
    ledger_of,
    loaded_as_stored_without,
    rebuilt,
)
from tests.domain.usage_strategies import MONTH_START, USER, Call

PRICES = PriceTable(
    {
        "gpt-4o-mini-tts": ModelPrice(input_micros_per_mtok=600_000, output_micros_per_mtok=12_000_000),
        "tts-1": ModelPrice(character_micros_per_million=15_000_000),
        "tts-1-hd": ModelPrice(character_micros_per_million=30_000_000),
    }
)


def test_tts_1_is_priced_by_its_characters_rounded_up() -> None:
    assert PRICES.cost_micros(ModelUsage("tts-1", UsageKind.SPEECH, characters=1_000_000)) == 15_000_000
    assert PRICES.cost_micros(ModelUsage("tts-1-hd", UsageKind.SPEECH, characters=1_000)) == 30_000
    assert PRICES.cost_micros(ModelUsage("tts-1", UsageKind.SPEECH, characters=1)) == 15


def test_a_model_billed_by_characters_is_charged_exactly_them() -> None:
    usage = estimated_speech("tts-1", "Paris is the capital.", by_characters=True)
    assert usage == ModelUsage("tts-1", UsageKind.SPEECH, characters=21)
    assert PRICES.cost_micros(usage) == 315


def test_a_token_billed_model_is_estimated_at_a_ceiling_and_marked() -> None:
    usage = estimated_speech("gpt-4o-mini-tts", "Paris is the capital.", by_characters=False)
    assert usage == ModelUsage("gpt-4o-mini-tts", UsageKind.SPEECH, 21, 42, characters=21, estimated=True)
    assert PRICES.cost_micros(usage) == 517


@given(characters=st.integers(min_value=800, max_value=4096))
def test_the_estimate_is_never_below_a_minute_of_speech_per_800_characters(characters: int) -> None:
    # gpt-4o-mini-tts bills about $0.015 a minute; a minute of speech is 800 characters or more
    usage = estimated_speech("gpt-4o-mini-tts", "a" * characters, by_characters=False)
    assert PRICES.cost_micros(usage) * 800 >= 15_000 * characters


def test_a_spoken_reply_digests_its_characters() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    usage = ModelUsage("tts-1", UsageKind.SPEECH, characters=21)
    ledger.record("telegram:1:speech", usage, 315, MONTH_START)
    [record] = ledger.records
    fields = usage_fields(record.request_id, record.usage, record.cost_micros, record.at)
    assert tuple(fields) == (*OLD_FIELDS, "characters")
    assert record.usage == usage and ledger.verify() == []


@given(history=histories(min_size=1))
def test_events_stored_before_speech_load_and_verify(history: list[Call]) -> None:
    written = ledger_of(history)

    loaded = loaded_as_stored_without(written, "characters")

    assert loaded.records == written.records and loaded.verify() == []


def test_changing_a_stored_character_count_breaks_the_chain() -> None:
    ledger = UsageLedger.open(USER, MONTH_START)
    ledger.record("a:speech", ModelUsage("tts-1", UsageKind.SPEECH, characters=21), 315, MONTH_START)
    events: list[Any] = list(ledger.collect_events())
    events[1] = dataclasses.replace(events[1], characters=2)

    assert [b.request_id for b in rebuilt(events).verify()] == ["a:speech"]
