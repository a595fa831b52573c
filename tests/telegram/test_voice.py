"""Voice messages, audio files and video notes: downloaded from Telegram, transcribed by the real SDK
against the fake OpenAI server, the transcript shown quoted and answered; every refusal told clearly."""

import logging
from typing import Any

import pytest

from application.chat.voice import TELEGRAM_DOWNLOAD_BYTES
from application.messages import text
from domain.usage import ModelUsage, UsageKind
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.telegram_harness import RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import Person, message

OGG = b"OggS" + b"\x00" * 300
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 300
TRANSCRIBE = "gpt-4o-mini-transcribe"


async def start_listening(start_bot: StartBot, fake_openai: FakeOpenAI, **overrides: Any) -> RunningBot:
    return await start_bot(
        openai_api_key="test-key-not-secret",
        openai_base_url=fake_openai.base_url,
        openai_max_retries=0,
        openai_timeout_seconds=5.0,
        **overrides,
    )


def voice(sender: Person, file_id: str, seconds: int, size: int) -> dict[str, Any]:
    body = {
        "file_id": file_id,
        "file_unique_id": f"u-{file_id}",
        "duration": seconds,
        "mime_type": "audio/ogg",
        "file_size": size,
    }
    return message(sender, voice=body)


def sent_html(bot: RunningBot, chat_id: int) -> list[str]:
    return [c.params["text"] for c in bot.telegram.calls_of("sendMessage", chat_id=chat_id)]


async def test_voice_is_transcribed_shown_quoted_answered_and_charged(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_listening(start_bot, fake_openai)
    bot.telegram.add_file("voice-1", OGG)
    fake_openai.then(
        Behaviour(transcript="What is <b>the</b> capital of France?", input_tokens=175, audio_tokens=170)
    )
    update = voice(SUBSCRIBER, "voice-1", 4, len(OGG))

    await bot.send(update)

    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == [
        "What is <b>the</b> capital of France?",
        "echo: What is <b>the</b> capital of France?",
    ]
    assert sent_html(bot, SUBSCRIBER.user_id)[0] == (
        "<blockquote>What is &lt;b&gt;the&lt;/b&gt; capital of France?</blockquote>"
    )
    [seen] = fake_openai.seen("/v1/audio/transcriptions")
    assert seen.body["audio"] == OGG and seen.body["model"] == TRANSCRIBE
    assert seen.body["filename"] == "voice.ogg"
    assert bot.model.prompts[0].turns[-1].text == "What is <b>the</b> capital of France?"
    transcription, reply = await bot.usage_records(SUBSCRIBER.user_id)
    request_id = f"telegram:{update['update_id']}"
    assert transcription.request_id == f"{request_id}:transcription" and reply.request_id == request_id
    assert transcription.usage == ModelUsage(TRANSCRIBE, UsageKind.TRANSCRIPTION, 175, 7, audio_tokens=170)
    assert transcription.cost_micros == 552  # audio at $3/M, prompt at $1.25/M, text at $5/M, rounded up


async def test_a_long_transcript_is_quoted_collapsed(start_bot: StartBot, fake_openai: FakeOpenAI) -> None:
    bot = await start_listening(start_bot, fake_openai)
    bot.telegram.add_file("voice-2", OGG)
    said = "and then " * 60
    fake_openai.then(Behaviour(transcript=said))

    await bot.send(voice(SUBSCRIBER, "voice-2", 30, len(OGG)))

    await bot.texts_in(SUBSCRIBER.user_id, 2)
    assert sent_html(bot, SUBSCRIBER.user_id)[0] == f"<blockquote expandable>{said.strip()}</blockquote>"


async def test_a_video_note_is_sent_as_mp4(start_bot: StartBot, fake_openai: FakeOpenAI) -> None:
    bot = await start_listening(start_bot, fake_openai)
    bot.telegram.add_file("note-1", MP4)
    note = {"file_id": "note-1", "file_unique_id": "u-note-1", "length": 240, "duration": 5, "file_size": 310}
    fake_openai.then(Behaviour(transcript="Hi there"))

    await bot.send(message(SUBSCRIBER, video_note=note))

    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == ["Hi there", "echo: Hi there"]
    [seen] = fake_openai.seen("/v1/audio/transcriptions")
    assert seen.body["filename"] == "video-note.mp4" and seen.body["content_type"] == "video/mp4"


async def test_an_audio_file_is_transcribed(start_bot: StartBot, fake_openai: FakeOpenAI) -> None:
    bot = await start_listening(start_bot, fake_openai)
    bot.telegram.add_file("song", b"ID3" + b"\x00" * 100)
    audio = {"file_id": "song", "file_unique_id": "u-song", "duration": 20, "file_name": "memo.mp3"}
    fake_openai.then(Behaviour(transcript="Remember the milk"))

    await bot.send(message(SUBSCRIBER, audio={**audio, "mime_type": "audio/mpeg", "file_size": 103}))

    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == ["Remember the milk", "echo: Remember the milk"]
    assert fake_openai.seen("/v1/audio/transcriptions")[0].body["filename"] == "memo.mp3"


async def test_a_recording_over_the_limit_is_refused_before_download(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_listening(start_bot, fake_openai)

    await bot.send(voice(SUBSCRIBER, "long", 601, 5000), voice(RUSSIAN, "long", 601, 5000))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "This recording is longer than 10 minutes, the most I can listen to. Please send a shorter one."
    ]
    assert await bot.texts_in(RUSSIAN.user_id, 1) == [
        "Эта запись длиннее, чем 10 минут: дольше я слушать не могу. Пришлите запись покороче."
    ]
    assert not bot.telegram.calls_of("getFile") and fake_openai.seen("/v1/audio/transcriptions") == []


async def test_a_recording_over_telegrams_download_limit_is_refused(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_listening(start_bot, fake_openai)

    await bot.send(voice(SUBSCRIBER, "big", 300, TELEGRAM_DOWNLOAD_BYTES + 1))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "This recording is larger than 20 MB, the most I can download from Telegram. Please send a shorter one."
    ]
    assert not bot.telegram.calls_of("getFile")


async def test_silence_is_told_and_its_transcription_still_charged(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_listening(start_bot, fake_openai)
    bot.telegram.add_file("quiet", OGG)
    fake_openai.then(Behaviour(transcript="", input_tokens=50, audio_tokens=50, output_tokens=0))

    await bot.send(voice(SUBSCRIBER, "quiet", 3, len(OGG)))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "I heard no speech in this recording. Please record it again, closer to the microphone."
    ]
    [record] = await bot.usage_records(SUBSCRIBER.user_id)
    assert record.usage.kind is UsageKind.TRANSCRIPTION and record.cost_micros == 150
    assert bot.model.prompts == []


async def test_a_provider_error_is_told_in_the_users_language(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_listening(start_bot, fake_openai)
    bot.telegram.add_file("voice-3", OGG)
    fake_openai.then(Behaviour(status=500))

    await bot.send(voice(RUSSIAN, "voice-3", 3, len(OGG)))

    [told] = await bot.texts_in(RUSSIAN.user_id, 1)
    assert told == text("model_unavailable", "ru")
    assert bot.model.prompts == [] and await bot.usage_records(RUSSIAN.user_id) == []


async def test_a_transcription_is_counted_and_its_failure_logged_and_noted(
    start_bot: StartBot, fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await start_listening(start_bot, fake_openai)
    bot.telegram.add_file("voice-6", OGG)
    fake_openai.then(Behaviour(transcript="Hello", input_tokens=100, audio_tokens=100), Behaviour(status=503))
    first, second = voice(SUBSCRIBER, "voice-6", 3, len(OGG)), voice(SUBSCRIBER, "voice-6", 3, len(OGG))

    await bot.send(first)
    await bot.texts_in(SUBSCRIBER.user_id, 2)
    with caplog.at_level(logging.WARNING):
        await bot.send(second)
        await bot.texts_in(SUBSCRIBER.user_id, 3)

    page = bot.container.metrics().exposition().decode()
    labels = f'kind="transcription",model="{TRANSCRIBE}"'
    assert f"gptbot_model_cost_micros_total{{{labels}}} 335.0" in page  # 100 audio, 7 output tokens
    assert 'gptbot_model_failures_total{kind="unavailable"} 1.0' in page
    assert f"model call failed: unavailable (model {TRANSCRIBE}, request telegram:{second['update_id']}" in (
        caplog.text
    )
    assert len(bot.container.model_errors().recent()) == 1


async def test_over_budget_no_transcription_is_made(start_bot: StartBot, fake_openai: FakeOpenAI) -> None:
    # a minute is estimated at $0.012: above this limit, though the call would cost less
    bot = await start_listening(start_bot, fake_openai, budget_daily_usd="0.01")
    bot.telegram.add_file("voice-4", OGG)

    await bot.send(voice(SUBSCRIBER, "voice-4", 60, len(OGG)))

    [told] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert told == text("budget_daily_cost", "en", limit="$0.010000")
    assert fake_openai.seen("/v1/audio/transcriptions") == []


async def test_without_an_api_key_voice_is_declined_clearly(start_bot: StartBot) -> None:
    bot = await start_bot()

    await bot.send(voice(SUBSCRIBER, "voice-5", 3, 300))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "Listening to voice messages is not set up on this bot. Please write your message as text."
    ]


async def test_help_mentions_voice(start_bot: StartBot) -> None:
    bot = await start_bot()

    await bot.send(message(SUBSCRIBER, "/help"))

    [help_text] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert "Voice messages, audio files and video notes" in help_text
