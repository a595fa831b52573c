"""Spoken replies through the real SDK against the fake server: the text sent as the SDK's speech
request, the OGG/Opus bytes returned, the charge recorded as speech (by characters for tts-1), the
budget checked before the call, and failures, timeouts and a store outage handled."""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from application.chat.speech import MAX_SPEECH_CHARS, SpeechProblem, SpeechRefused, SpeechService
from application.errors import BudgetExceeded
from application.model_io import FailureKind, ModelFailure
from application.ports import Speaker
from domain.budget import Limits
from domain.usage import ModelUsage, UsageKind
from entrypoints.model_wiring import build_price_table
from entrypoints.speech_wiring import build_speaker, build_speech
from tests.openai.billing import USER, Billing, billing_of
from tests.openai.conftest import model_settings
from tests.support.fake_openai import FAKE_SPEECH, Behaviour, FakeOpenAI

SPEECH = "/v1/audio/speech"
WORDS = "Paris is the capital."


@dataclass
class Speaking(Billing):
    speech: SpeechService
    speaker: Speaker


@pytest.fixture
async def speak(fake_openai: FakeOpenAI) -> AsyncIterator[Callable[..., Speaking]]:
    made: list[Speaking] = []

    def make(limits: Limits | None = None, **overrides: Any) -> Speaking:
        settings = model_settings(fake_openai, "responses", **overrides)
        prices = build_price_table(settings)
        billing = billing_of(prices, limits)
        speaker = build_speaker(settings, prices)
        assert speaker is not None
        speech = build_speech(speaker, billing.usage, billing.charges, prices, settings)
        assert speech is not None
        speaking = Speaking(**vars(billing), speech=speech, speaker=speaker)
        made.append(speaking)
        return speaking

    yield make
    for speaking in made:
        await speaking.speaker.aclose()


async def test_the_text_is_spoken_as_opus_and_charged_as_speech(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak(openai_speech_voice="nova")

    spoken = await speaking.speech.speak(USER, "telegram:5", WORDS)

    assert spoken.audio == FAKE_SPEECH
    [seen] = fake_openai.seen(SPEECH)
    assert seen.body == {
        "model": "gpt-4o-mini-tts",
        "voice": "nova",
        "input": WORDS,
        "response_format": "opus",
    }
    [record] = await speaking.records()
    assert record.request_id == "telegram:5:speech"
    assert record.usage == ModelUsage(
        "gpt-4o-mini-tts", UsageKind.SPEECH, 21, 42, characters=21, estimated=True
    )
    assert record.cost_micros == 517


async def test_tts_1_is_charged_exactly_its_characters(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak(openai_speech_model="tts-1-hd")

    await speaking.speech.speak(USER, "telegram:6", WORDS)

    [record] = await speaking.records()
    assert record.usage == ModelUsage("tts-1-hd", UsageKind.SPEECH, characters=21)
    assert record.cost_micros == 630  # $30 per million characters


async def test_the_budget_is_checked_from_the_text_before_the_call(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak(limits=Limits(daily_micros=1_000))

    with pytest.raises(BudgetExceeded):
        await speaking.speech.speak(USER, "telegram:7", "a" * 100)  # about $0.0025

    assert fake_openai.seen(SPEECH) == [] and await speaking.records() == []
    await speaking.speech.speak(USER, "telegram:8", WORDS)  # $0.000517 fits
    assert len(await speaking.records()) == 1


async def test_a_text_over_the_endpoints_limit_or_empty_is_not_sent(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak()

    with pytest.raises(SpeechRefused) as long:
        await speaking.speech.speak(USER, "telegram:9", "a" * (MAX_SPEECH_CHARS + 1))
    with pytest.raises(SpeechRefused) as empty:
        await speaking.speech.speak(USER, "telegram:10", "  \n ")

    assert long.value.problem is SpeechProblem.TOO_LONG and empty.value.problem is SpeechProblem.EMPTY
    assert fake_openai.seen(SPEECH) == []


async def test_a_provider_error_is_a_model_failure_and_charges_nothing(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak(openai_max_retries=0)
    fake_openai.then(Behaviour(status=400, error_code="invalid_value"))

    with pytest.raises(ModelFailure) as failed:
        await speaking.speech.speak(USER, "telegram:11", WORDS)

    assert failed.value.kind is FailureKind.UNAVAILABLE and await speaking.records() == []


async def test_a_rate_limit_is_retried_within_the_deadline(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak(openai_max_retries=1)
    fake_openai.then(Behaviour(status=429, error_code="rate_limit_exceeded", retry_after_ms=10))

    spoken = await speaking.speech.speak(USER, "telegram:12", WORDS)

    assert spoken.audio == FAKE_SPEECH and len(fake_openai.seen(SPEECH)) == 2
    assert len(await speaking.records()) == 1


async def test_a_timeout_fails_as_a_timeout_charged_at_the_estimate(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak(openai_timeout_seconds=0.3, openai_max_retries=0)
    fake_openai.then(Behaviour(delay=2.0))

    with pytest.raises(ModelFailure) as failed:
        await speaking.speech.speak(USER, "telegram:13", WORDS)

    assert failed.value.kind is FailureKind.TIMEOUT
    [record] = await speaking.records()
    assert record.request_id.startswith("telegram:13:speech:failed:")
    assert record.usage.estimated and record.cost_micros == 517


async def test_the_charge_waits_in_the_spend_journal_when_the_store_fails_during_the_call(
    fake_openai: FakeOpenAI, speak: Callable[..., Speaking]
) -> None:
    speaking = speak()
    fake_openai.then(Behaviour(delay=0.5))

    async def store_goes_down() -> None:
        await asyncio.sleep(0.2)
        speaking.store.available = False

    outage = asyncio.create_task(store_goes_down())
    await speaking.speech.speak(USER, "telegram:14", WORDS)
    await outage

    [[entry]] = speaking.journal.kept.values()
    assert entry.request_id == "telegram:14:speech" and entry.usage.characters == 21
    assert entry.cost_micros == 517
    speaking.store.available = True
    await speaking.spend.drain()
    await speaking.spend.drain()
    [record] = await speaking.records()
    assert record.request_id == entry.request_id and record.cost_micros == 517
