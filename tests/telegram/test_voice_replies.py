"""Voice replies (/voice on|off): the reply's text spoken by the real SDK against the fake OpenAI server
and sent after the text as a voice message, its charge recorded on its own; every reply that cannot be
spoken told briefly, the text having come already."""

from typing import Any

from application.chat.speech import MAX_SPEECH_CHARS
from application.messages import text
from domain.usage import ModelUsage, UsageKind
from tests.support.fake_openai import FAKE_SPEECH, Behaviour, FakeOpenAI
from tests.support.telegram_harness import RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import Person, message

SPEECH = "/v1/audio/speech"
VOICE_SENT = f"[sendVoice] {len(FAKE_SPEECH)} bytes"


async def start_speaking(start_bot: StartBot, fake_openai: FakeOpenAI, **overrides: Any) -> RunningBot:
    settings = {"openai_max_retries": 0, "openai_timeout_seconds": 5.0} | overrides
    return await start_bot(
        openai_api_key="test-key-not-secret", openai_base_url=fake_openai.base_url, **settings
    )


async def voice_on(bot: RunningBot, person: Person) -> None:
    await bot.send(message(person, "/voice on"))
    await bot.texts_in(person.user_id, 1)


async def test_with_voice_on_the_reply_comes_as_text_then_voice_and_is_charged_as_speech(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_speaking(start_bot, fake_openai)
    await voice_on(bot, SUBSCRIBER)
    bot.model.will_reply("**Paris** is the `capital`.")
    update = message(SUBSCRIBER, "What is the capital of France?")

    await bot.send(update)

    told = await bot.texts_in(SUBSCRIBER.user_id, 3)
    assert told[1:] == ["Paris is the capital.", VOICE_SENT]
    [seen] = fake_openai.seen(SPEECH)
    assert seen.body == {
        "model": "gpt-4o-mini-tts",
        "voice": "alloy",
        "input": "Paris is the capital.",
        "response_format": "opus",
    }
    [voice] = bot.telegram.calls_of("sendVoice", chat_id=SUBSCRIBER.user_id)
    assert voice.files["voice"] == FAKE_SPEECH
    reply, speech = await bot.usage_records(SUBSCRIBER.user_id)
    request_id = f"telegram:{update['update_id']}"
    assert reply.request_id == request_id and speech.request_id == f"{request_id}:speech"
    assert speech.usage == ModelUsage(
        "gpt-4o-mini-tts", UsageKind.SPEECH, 21, 42, characters=21, estimated=True
    )
    assert speech.cost_micros == 517  # 21 text tokens at $0.60/M and 42 audio tokens at $12/M, rounded up


async def test_with_voice_off_no_speech_is_made(start_bot: StartBot, fake_openai: FakeOpenAI) -> None:
    bot = await start_speaking(start_bot, fake_openai)
    await voice_on(bot, SUBSCRIBER)
    await bot.send(message(SUBSCRIBER, "/voice off"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)

    await bot.send(message(SUBSCRIBER, "Hello"), message(RUSSIAN, "Привет"))

    assert (await bot.texts_in(SUBSCRIBER.user_id, 3))[2] == "echo: Hello"
    assert await bot.texts_in(RUSSIAN.user_id, 1) == ["echo: Привет"]
    assert fake_openai.seen(SPEECH) == [] and bot.telegram.calls_of("sendVoice") == []
    assert [r.usage.kind for r in await bot.usage_records(SUBSCRIBER.user_id)] == [UsageKind.CHAT]


async def test_voice_texts_in_both_languages(start_bot: StartBot, fake_openai: FakeOpenAI) -> None:
    bot = await start_speaking(start_bot, fake_openai)

    for count, words in enumerate(("/voice", "/voice on", "/voice", "/voice off", "/voice loud"), 1):
        await bot.send(message(SUBSCRIBER, words), message(RUSSIAN, words))
        await bot.texts_in(SUBSCRIBER.user_id, count)
        await bot.texts_in(RUSSIAN.user_id, count)

    keys = ["voice_replies_off", "voice_replies_on", "voice_replies_on", "voice_replies_off"]
    keys.append("voice_replies_usage")
    assert await bot.texts_in(SUBSCRIBER.user_id, 5) == [text(key, "en") for key in keys]
    assert await bot.texts_in(RUSSIAN.user_id, 5) == [text(key, "ru") for key in keys]
    assert text("voice_replies_on", "en") != text("voice_replies_on", "ru")
    assert await bot.container.preferences().voice_for(SUBSCRIBER.user_id) is False


async def test_over_budget_the_voice_is_skipped_and_said_once(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_speaking(start_bot, fake_openai, budget_daily_usd="0.002")
    await voice_on(bot, SUBSCRIBER)
    bot.model.will_reply("word " * 60)  # 300 characters: at least $0.0073 to speak

    await bot.send(message(SUBSCRIBER, "Talk to me"))

    told = await bot.texts_in(SUBSCRIBER.user_id, 3)
    assert told[2] == text("speech_over_budget", "en")
    assert fake_openai.seen(SPEECH) == [] and bot.telegram.calls_of("sendVoice") == []
    assert [r.usage.kind for r in await bot.usage_records(SUBSCRIBER.user_id)] == [UsageKind.CHAT]


async def test_a_provider_error_is_told_briefly_after_the_text(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_speaking(start_bot, fake_openai)
    await voice_on(bot, RUSSIAN)
    fake_openai.then(Behaviour(status=500, error_code="server_error"))

    await bot.send(message(RUSSIAN, "Привет"))

    assert (await bot.texts_in(RUSSIAN.user_id, 3))[1:] == ["echo: Привет", text("speech_failed", "ru")]
    assert len(fake_openai.seen(SPEECH)) == 1 and bot.telegram.calls_of("sendVoice") == []
    assert [r.usage.kind for r in await bot.usage_records(RUSSIAN.user_id)] == [UsageKind.CHAT]
    assert len(bot.container.model_errors().recent()) == 1  # counted towards the model-error alert


async def test_a_speech_that_times_out_is_told_and_charged_at_the_estimate(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_speaking(start_bot, fake_openai, openai_timeout_seconds=1.0)
    await voice_on(bot, SUBSCRIBER)
    fake_openai.then(Behaviour(delay=3.0))

    await bot.send(message(SUBSCRIBER, "Hi"))

    assert (await bot.texts_in(SUBSCRIBER.user_id, 3))[1:] == ["echo: Hi", text("speech_failed", "en")]
    reply, speech = await bot.usage_records(SUBSCRIBER.user_id)
    assert speech.request_id.startswith(f"{reply.request_id}:speech:failed:")
    assert speech.usage == ModelUsage(
        "gpt-4o-mini-tts", UsageKind.SPEECH, 8, 16, characters=8, estimated=True
    )
    assert bot.telegram.calls_of("sendVoice") == []


async def test_a_reply_too_long_to_speak_is_told_and_not_sent_to_the_model(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_speaking(start_bot, fake_openai)
    await voice_on(bot, SUBSCRIBER)
    bot.model.will_reply("a" * (MAX_SPEECH_CHARS + 1))

    await bot.send(message(SUBSCRIBER, "Tell me everything"))

    told = await bot.texts_in(SUBSCRIBER.user_id, 4)  # the reply is split in two by Telegram's limit
    assert told[-1] == text("speech_too_long", "en")
    assert fake_openai.seen(SPEECH) == [] and bot.telegram.calls_of("sendVoice") == []


async def test_a_reply_at_the_limit_is_spoken(start_bot: StartBot, fake_openai: FakeOpenAI) -> None:
    bot = await start_speaking(start_bot, fake_openai)
    await voice_on(bot, SUBSCRIBER)
    bot.model.will_reply("a" * MAX_SPEECH_CHARS)

    await bot.send(message(SUBSCRIBER, "Tell me much"))

    assert (await bot.texts_in(SUBSCRIBER.user_id, 3))[-1] == VOICE_SENT
    assert len(fake_openai.seen(SPEECH)[0].body["input"]) == MAX_SPEECH_CHARS


async def test_without_an_api_key_voice_replies_are_declined(start_bot: StartBot) -> None:
    bot = await start_bot()

    await bot.send(message(SUBSCRIBER, "/voice on"))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [text("voice_replies_unavailable", "en")]


async def test_help_and_the_command_menu_offer_voice(start_bot: StartBot) -> None:
    bot = await start_bot()

    await bot.send(message(SUBSCRIBER, "/help"), message(RUSSIAN, "/help"))

    assert "/voice on|off" in (await bot.texts_in(SUBSCRIBER.user_id, 1))[0]
    assert "/voice on|off" in (await bot.texts_in(RUSSIAN.user_id, 1))[0]
