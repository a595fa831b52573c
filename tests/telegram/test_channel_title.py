"""Texts about the gating channel name it by its title (getChat, asked once and kept), linked to it."""

from tests.support.telegram_harness import RUSSIAN, STRANGER, SUBSCRIBER, StartBot
from tests.support.telegram_updates import callback, message

LINK = '<a href="https://t.me/gptbot_news">GPT Bot News</a>'


async def test_subscribe_names_the_channel_by_its_title_as_a_link(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/subscribe"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "You are subscribed to GPT Bot News: the bot is yours to use."
    ]
    [sent] = bot.telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)
    assert sent.params["text"] == f"You are subscribed to {LINK}: the bot is yours to use."
    assert sent.params["parse_mode"] == "HTML" and sent.params["link_preview_options"] == {
        "is_disabled": True
    }


async def test_a_russian_subscriber_reads_the_title_too(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(RUSSIAN, "/subscribe"))
    assert await bot.texts_in(RUSSIAN.user_id, 1) == [
        "Вы подписаны на GPT Bot News: бот в вашем распоряжении."
    ]
    [sent] = bot.telegram.calls_of("sendMessage", chat_id=RUSSIAN.user_id)
    assert sent.params["text"] == f"Вы подписаны на {LINK}: бот в вашем распоряжении."


async def test_a_refusal_links_the_title_keeps_its_buttons_and_getchat_is_asked_once(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    await bot.send(message(STRANGER, "hello"))
    await bot.texts_in(STRANGER.user_id, 1)
    await bot.send(callback(STRANGER, "subscription:check"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("answerCallbackQuery")))
    await bot.send(message(SUBSCRIBER, "/subscribe"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)

    [refusal] = bot.telegram.calls_of("sendMessage", chat_id=STRANGER.user_id)
    assert refusal.params["text"] == (
        f"This bot is for subscribers of {LINK}. Join the channel, then send /start again."
    )
    join, check = refusal.params["reply_markup"]["inline_keyboard"][0]
    assert join["url"] == "https://t.me/gptbot_news" and check["callback_data"] == "subscription:check"
    [alert] = bot.telegram.calls_of("answerCallbackQuery")
    assert alert.params["text"] == (
        "You are not subscribed to GPT Bot News yet. Join it, then press “I have joined” or send /subscribe."
    )
    assert len(bot.telegram.calls_of("getChat")) == 1


async def test_a_title_with_markup_is_shown_as_written(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.chat_titles["@gptbot_news"] = "News <b>& more</b>"
    await bot.send(message(SUBSCRIBER, "/subscribe"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "You are subscribed to News <b>& more</b>: the bot is yours to use."
    ]


async def test_while_getchat_fails_the_channel_is_named_by_its_link(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.refuse_next("getChat", "Bad Request: chat not found")
    await bot.send(message(SUBSCRIBER, "/subscribe"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "You are subscribed to https://t.me/gptbot_news: the bot is yours to use."
    ]
