"""Telegram's 429s through the real aiogram session: sends wait out retry_after (capped, a bounded
number of times) and arrive once; previews and chat actions never wait."""

import logging
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter

from adapters.telegram.bot import create_bot
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.retry import DEFAULT_ATTEMPTS
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_harness import SUBSCRIBER, TOKEN, StartBot
from tests.support.telegram_updates import message

CHAT = 42


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    bot = create_bot(TOKEN, telegram.url, max_retry_wait=0.3)
    yield bot
    await bot.session.close()


async def test_a_rate_limited_message_is_sent_again_after_retry_after_and_arrives_once(
    telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    bot = create_bot(TOKEN, telegram.url)
    try:
        telegram.fail_next("sendMessage", retry_after=1)
        with caplog.at_level(logging.WARNING, "adapters.telegram.retry"):
            await AiogramMessenger(bot).send_text(CHAT, "a private sentence")
    finally:
        await bot.session.close()
    refused, delivered = telegram.calls_of("sendMessage")
    assert delivered.at - refused.at >= 0.9
    assert telegram.sent_texts(CHAT) == ["a private sentence"]
    [warning] = caplog.records
    assert "sendMessage" in warning.getMessage() and "private" not in warning.getMessage()


async def test_the_wait_is_capped(telegram: FakeTelegram, bot: Bot) -> None:
    telegram.fail_next("sendMessage", retry_after=30)
    started = time.monotonic()
    await AiogramMessenger(bot).send_text(CHAT, "soon")
    assert time.monotonic() - started < 5
    refused, delivered = telegram.calls_of("sendMessage")
    assert delivered.at - refused.at >= 0.25
    assert telegram.sent_texts(CHAT) == ["soon"]


async def test_a_call_refused_every_time_gives_up_after_a_bounded_number_of_attempts(
    telegram: FakeTelegram,
) -> None:
    bot = create_bot(TOKEN, telegram.url, max_retry_wait=0.01)
    try:
        telegram.fail_next("getChatMember", retry_after=1, times=DEFAULT_ATTEMPTS + 5)
        with pytest.raises(TelegramRetryAfter):
            await bot.get_chat_member("@channel", 7)
    finally:
        await bot.session.close()
    assert len(telegram.calls_of("getChatMember")) == DEFAULT_ATTEMPTS


async def test_previews_are_refused_at_once_not_retried(telegram: FakeTelegram, bot: Bot) -> None:
    messenger = AiogramMessenger(bot)
    [placeholder] = await messenger.send_plain(CHAT, "…")
    telegram.fail_next("sendMessageDraft", retry_after=30)
    telegram.fail_next("editMessageText", retry_after=30)
    started = time.monotonic()
    with pytest.raises(TelegramRetryAfter):
        await messenger.show_draft(CHAT, 1, "draft")
    with pytest.raises(TelegramRetryAfter):
        await messenger.show_preview(CHAT, placeholder.message_id, "preview")
    assert time.monotonic() - started < 0.25
    assert len(telegram.calls_of("sendMessageDraft", "editMessageText")) == 2


async def test_a_refused_chat_action_is_lost_quietly_and_at_once(telegram: FakeTelegram, bot: Bot) -> None:
    telegram.fail_next("sendChatAction", retry_after=30)
    telegram.refuse_next("sendChatAction", "Forbidden: bot was kicked from the group chat", code=403)
    started = time.monotonic()
    assert await bot.send_chat_action(CHAT, "typing") is False
    assert await bot.send_chat_action(CHAT, "typing") is False
    assert await bot.send_chat_action(CHAT, "typing") is True
    assert time.monotonic() - started < 0.25
    assert len(telegram.calls_of("sendChatAction")) == 3


async def test_the_running_bot_caps_the_wait_at_telegram_retry_max_wait_seconds(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    bot = await start_bot(telegram_retry_max_wait_seconds=0.2)
    bot.model.will_reply("here you are")
    telegram.fail_next("sendMessage", retry_after=30)
    await bot.send(message(SUBSCRIBER, "hello"))
    # Waiting out the 30 s Telegram asked for would outlast the harness's wait for the reply.
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["here you are"]
    assert len(telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)) == 2
