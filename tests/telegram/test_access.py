"""Access control on every kind of update, for subscribed, non-subscribed, banned and admin users."""

from typing import Any

import pytest

from tests.support.telegram_harness import ADMIN, BANNED, STRANGER, SUBSCRIBER, RunningBot, StartBot, ban
from tests.support.telegram_updates import callback, document, message, photo

JOIN_URL = "https://t.me/gptbot_news"
NOT_SUBSCRIBED = "This bot is for subscribers of GPT Bot News. Join the channel, then send /start again."
REMOVED = (
    "You were removed from GPT Bot News, so you cannot use this bot, and you cannot rejoin "
    "the channel yourself. The channel's administrators can let you back in, or one of the bot's "
    "admins can give you access with /allow."
)


def buttons_of(bot: RunningBot, chat_id: int) -> list[dict[str, Any]]:
    [last] = bot.telegram.calls_of("sendMessage", chat_id=chat_id)[-1:]
    markup = last.params.get("reply_markup") or {"inline_keyboard": [[]]}
    return list(markup["inline_keyboard"][0])


async def test_subscriber_is_answered_and_membership_is_checked_once_per_ten_minutes(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "first"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "second"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == ["echo: first", "echo: second"]
    [lookup] = bot.telegram.calls_of("getChatMember")
    assert lookup.params["chat_id"] == "@gptbot_news" and int(lookup.params["user_id"]) == SUBSCRIBER.user_id


@pytest.mark.parametrize(
    "update",
    [
        pytest.param(lambda: message(STRANGER, "hello"), id="text"),
        pytest.param(lambda: message(STRANGER, "/start"), id="command"),
        pytest.param(lambda: message(STRANGER, "hello again", kind="edited_message"), id="edited"),
        pytest.param(lambda: photo(STRANGER, "ph1", 1000), id="photo"),
        pytest.param(lambda: document(STRANGER, "doc1", "a.pdf", "application/pdf", 1000), id="document"),
    ],
)
async def test_non_subscriber_gets_the_channel_link_and_nothing_else(
    start_bot: StartBot, update: Any
) -> None:
    bot = await start_bot()
    await bot.send(update())
    assert await bot.texts_in(STRANGER.user_id, 1) == [NOT_SUBSCRIBED]
    join, check = buttons_of(bot, STRANGER.user_id)
    assert join["url"] == JOIN_URL and check["callback_data"] == "subscription:check"
    assert bot.model.prompts == [] and not bot.telegram.calls_of("getFile")


async def test_non_subscriber_pressing_a_button_gets_an_alert_only(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(callback(STRANGER, "something:else"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("answerCallbackQuery")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"] == NOT_SUBSCRIBED and answer.params["show_alert"] == "true"
    assert not bot.telegram.calls_of("sendMessage")


async def test_subscribe_tells_a_non_subscriber_how_to_join_and_lets_them_in_once_joined(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    await bot.send(message(STRANGER, "/subscribe"))
    [status] = await bot.texts_in(STRANGER.user_id, 1)
    assert status.startswith("You are not subscribed to GPT Bot News yet.")
    assert buttons_of(bot, STRANGER.user_id)[0]["url"] == JOIN_URL

    bot.telegram.members[STRANGER.user_id] = "member"
    await bot.send(callback(STRANGER, "subscription:check"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("answerCallbackQuery")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"].startswith("You are subscribed to GPT Bot News")

    await bot.send(message(STRANGER, "now answer me"))
    assert (await bot.texts_in(STRANGER.user_id, 2))[-1] == "echo: now answer me"


async def test_subscriber_who_leaves_is_refused_after_checking_again(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/subscribe"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 1))[0].startswith("You are subscribed")
    bot.telegram.members[SUBSCRIBER.user_id] = "left"
    await bot.send(message(SUBSCRIBER, "/subscribe"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 2))[-1].startswith("You are not subscribed")
    await bot.send(message(SUBSCRIBER, "hello"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 3))[-1] == NOT_SUBSCRIBED


async def test_banned_user_is_told_access_is_revoked_even_when_subscribed(start_bot: StartBot) -> None:
    bot = await start_bot()
    await ban(bot.store, BANNED.user_id)
    await bot.send(message(BANNED, "hello"))
    await bot.send(message(BANNED, "/subscribe"))
    texts = await bot.texts_in(BANNED.user_id, 2)
    assert texts == ["Access to this bot has been revoked.", "Access to this bot has been revoked."]
    assert bot.model.prompts == []
    assert "reply_markup" not in bot.telegram.calls_of("sendMessage", chat_id=BANNED.user_id)[0].params


async def test_admin_is_answered_without_a_channel_check(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "status?"))
    assert await bot.texts_in(ADMIN.user_id, 1) == ["echo: status?"]
    await bot.send(message(ADMIN, "/subscribe"))
    assert (await bot.texts_in(ADMIN.user_id, 2))[
        -1
    ] == "You are an administrator of this bot; no subscription is needed."
    assert not bot.telegram.calls_of("getChatMember")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("creator", "echo: hi"),
        ("administrator", "echo: hi"),
        ("member", "echo: hi"),
        ("restricted", NOT_SUBSCRIBED),
        ("left", NOT_SUBSCRIBED),
        ("kicked", REMOVED),
    ],
)
async def test_channel_status_decides_access(start_bot: StartBot, status: str, expected: str) -> None:
    bot = await start_bot()
    bot.telegram.members[STRANGER.user_id] = status
    await bot.send(message(STRANGER, "hi"))
    [answer] = await bot.texts_in(STRANGER.user_id, 1)
    assert answer == expected


async def test_allowlist_without_a_channel_admits_only_listed_users(start_bot: StartBot) -> None:
    bot = await start_bot(channel_id=None, allowed_user_ids=frozenset({STRANGER.user_id}))
    await bot.send(message(STRANGER, "let me in"))
    await bot.send(message(SUBSCRIBER, "me too"))
    assert await bot.texts_in(STRANGER.user_id, 1) == ["echo: let me in"]
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "This bot is private. Ask its administrator for access."
    ]
    assert not bot.telegram.calls_of("getChatMember")


async def test_failed_membership_check_asks_to_try_again(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.refuse_next("getChatMember", "Bad Request: member list is inaccessible")
    await bot.send(message(SUBSCRIBER, "hello"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "I could not check your channel subscription just now. Please try again in a minute."
    ]
    assert bot.model.prompts == []
