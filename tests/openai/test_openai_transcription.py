"""Voice through the real SDK against the fake server: the audio sent as the SDK's multipart upload, the
transcript's usage recorded as the provider billed it, the budget checked before the call, and
silence, failures and timeouts told apart."""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from application.chat.voice import AudioProblem, AudioRefused, VoiceService
from application.errors import BudgetExceeded
from application.model_io import AudioInput, FailureKind, ModelFailure
from application.ports import Transcriber
from domain.budget import Limits
from domain.usage import ModelUsage, UsageKind
from entrypoints.model_wiring import build_price_table, build_transcriber, build_voice
from tests.openai.billing import USER, Billing, billing_of
from tests.openai.conftest import model_settings
from tests.support.fake_openai import Behaviour, FakeOpenAI

OGG = b"OggS" + b"\x00" * 200
VOICE = AudioInput("voice.ogg", OGG, "audio/ogg", seconds=12, request_id="telegram:5")
TRANSCRIBE = "gpt-4o-mini-transcribe"


@dataclass
class Hearing(Billing):
    voice: VoiceService
    transcriber: Transcriber


@pytest.fixture
async def hear(fake_openai: FakeOpenAI) -> AsyncIterator[Callable[..., Hearing]]:
    made: list[Hearing] = []

    def make(limits: Limits | None = None, **overrides: Any) -> Hearing:
        settings = model_settings(fake_openai, "responses", **overrides)
        billing = billing_of(build_price_table(settings), limits)
        transcriber = build_transcriber(settings)
        assert transcriber is not None
        voice = build_voice(transcriber, billing.usage, billing.charges, settings)
        assert voice is not None
        hearing = Hearing(**vars(billing), voice=voice, transcriber=transcriber)
        made.append(hearing)
        return hearing

    yield make
    for hearing in made:
        await hearing.transcriber.aclose()


async def test_voice_is_sent_as_multipart_and_its_usage_recorded_as_billed(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    hearing = hear()
    fake_openai.then(
        Behaviour(transcript=" Привет, как дела? ", input_tokens=180, audio_tokens=170, output_tokens=25)
    )

    transcript = await hearing.voice.transcribe(USER, VOICE)

    assert transcript.text == "Привет, как дела?"
    [seen] = fake_openai.seen("/v1/audio/transcriptions")
    assert seen.body["model"] == TRANSCRIBE and seen.body["response_format"] == "json"
    assert seen.body["filename"] == "voice.ogg" and seen.body["audio"] == OGG
    assert seen.body["content_type"] == "audio/ogg"
    [record] = await hearing.records()
    assert record.request_id == "telegram:5:transcription"
    assert record.usage == ModelUsage(TRANSCRIBE, UsageKind.TRANSCRIPTION, 180, 25, audio_tokens=170)
    # 170 audio tokens at $3/M, 10 prompt tokens at $1.25/M, 25 output tokens at $5/M, rounded up
    assert record.cost_micros == 648  # $0.000510 + $0.0000125 + $0.000125


async def test_whisper_is_recorded_by_the_audio_length_it_billed(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    hearing = hear(openai_transcribe_model="whisper-1")
    fake_openai.then(Behaviour(transcript="Hello", audio_seconds=11.2))

    await hearing.voice.transcribe(USER, VOICE)

    [record] = await hearing.records()
    assert record.usage == ModelUsage("whisper-1", UsageKind.TRANSCRIPTION, audio_seconds=12)
    assert record.cost_micros == 1_200  # $0.006 a minute


async def test_silence_is_refused_after_its_charge_is_recorded(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    hearing = hear()
    fake_openai.then(Behaviour(transcript="  ", input_tokens=60, audio_tokens=60, output_tokens=1))

    with pytest.raises(AudioRefused) as refused:
        await hearing.voice.transcribe(USER, VOICE)

    assert refused.value.problem is AudioProblem.SILENT
    [record] = await hearing.records()
    assert record.usage.kind is UsageKind.TRANSCRIPTION and record.cost_micros == 185


async def test_too_long_audio_is_refused_without_a_call(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    hearing = hear(max_audio_seconds=60)
    long_voice = AudioInput("voice.ogg", OGG, "audio/ogg", seconds=61, request_id="telegram:6")

    with pytest.raises(AudioRefused) as refused:
        await hearing.voice.transcribe(USER, long_voice)

    assert refused.value.problem is AudioProblem.TOO_LONG
    assert fake_openai.seen("/v1/audio/transcriptions") == []


async def test_the_budget_is_checked_from_the_duration_before_the_call(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    # ten minutes are estimated at $0.12, above a daily limit of $0.10, though they would cost less
    hearing = hear(limits=Limits(daily_micros=100_000))
    ten_minutes = AudioInput("voice.ogg", OGG, "audio/ogg", seconds=600, request_id="telegram:7")

    with pytest.raises(BudgetExceeded):
        await hearing.voice.transcribe(USER, ten_minutes)

    assert fake_openai.seen("/v1/audio/transcriptions") == [] and await hearing.records() == []
    await hearing.voice.transcribe(USER, VOICE)  # twelve seconds fit
    assert len(await hearing.records()) == 1


async def test_a_provider_error_is_a_model_failure_and_charges_nothing(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    hearing = hear(openai_max_retries=0)
    fake_openai.then(Behaviour(status=500))

    with pytest.raises(ModelFailure) as failed:
        await hearing.voice.transcribe(USER, VOICE)

    assert failed.value.kind is FailureKind.UNAVAILABLE and await hearing.records() == []


async def test_a_transcription_slower_than_the_timeout_fails_as_a_timeout(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    hearing = hear(openai_timeout_seconds=0.3, openai_max_retries=0)
    fake_openai.then(Behaviour(delay=2.0))

    with pytest.raises(ModelFailure) as failed:
        await hearing.voice.transcribe(USER, VOICE)

    assert failed.value.kind is FailureKind.TIMEOUT


async def test_the_charge_waits_in_the_spend_journal_when_the_store_fails_during_the_call(
    fake_openai: FakeOpenAI, hear: Callable[..., Hearing]
) -> None:
    hearing = hear()
    fake_openai.then(Behaviour(transcript="Hello", input_tokens=100, audio_tokens=100, delay=0.5))

    async def store_goes_down() -> None:
        await asyncio.sleep(0.2)
        hearing.store.available = False

    outage = asyncio.create_task(store_goes_down())
    transcript = await hearing.voice.transcribe(USER, VOICE)
    await outage

    assert transcript.text == "Hello"
    [[entry]] = hearing.journal.kept.values()
    assert entry.request_id == "telegram:5:transcription"
    assert entry.usage.kind is UsageKind.TRANSCRIPTION and entry.usage.audio_tokens == 100
    assert entry.cost_micros == 300 + 35  # 100 audio tokens, 7 output tokens
    hearing.store.available = True
    assert await hearing.records() == []
    await hearing.spend.drain()
    await hearing.spend.drain()
    [record] = await hearing.records()
    assert record.request_id == entry.request_id and record.cost_micros == entry.cost_micros
    assert hearing.journal.kept == {}
