"""Every command and message type, for a subscribed, a non-subscribed, a banned and an admin user."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.support.telegram_harness import ADMIN, BANNED, STRANGER, SUBSCRIBER, RunningBot, StartBot, ban
from tests.support.telegram_updates import Person, document, message, photo

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
NOTES = b"Buy milk. Call Ann."
STICKER = {
    "file_id": "st",
    "file_unique_id": "ust",
    "type": "regular",
    "width": 1,
    "height": 1,
    "is_animated": False,
    "is_video": False,
}
NOT_SUBSCRIBED_IN_FULL = (
    "This bot is for subscribers of GPT Bot News. Join the channel, then send /start again."
)
REVOKED = "Access to this bot has been revoked."

Update = Callable[[Person], dict[str, Any]]
STEPS: list[tuple[str, Update, str]] = [
    ("text", lambda p: message(p, "hello"), "echo: hello"),
    ("/start", lambda p: message(p, "/start"), "Hi! I am an AI assistant."),
    ("/help", lambda p: message(p, "/help"), "/reset — start a new conversation"),
    ("/history", lambda p: message(p, "/history"), "The last 2 messages:"),
    ("/usage", lambda p: message(p, "/usage"), "Today: "),
    ("/export", lambda p: message(p, "/export"), "[sendDocument] Your conversation"),
    ("/generate", lambda p: message(p, "/generate a fox"), "[sendPhoto] a fox"),
    ("photo", lambda p: photo(p, "jpeg", len(JPEG)), "echo: [photo] Describe this image."),
    (
        "document",
        lambda p: document(p, "notes", "notes.txt", "text/plain", len(NOTES)),
        "echo: [document: notes.txt]",
    ),
    ("sticker", lambda p: message(p, sticker=STICKER), "I read text, photos"),
    ("/reset", lambda p: message(p, "/reset"), "Started a new conversation."),
    (
        "edited then /help",
        lambda p: message(p, "hello, edited", kind="edited_message"),
        "/reset — start a new conversation",
    ),
]


async def walk_through_every_step(bot: RunningBot, person: Person, denial: str | None) -> None:
    bot.telegram.add_file("jpeg", JPEG)
    bot.telegram.add_file("notes", NOTES)
    chat = person.user_id
    for name, update, allowed_answer in STEPS:
        before = len(bot.finished(chat))
        await bot.send(update(person))
        if name.startswith("edited") and denial is None:
            await bot.send(message(person, "/help"))  # the edit itself is not answered
        answers = await bot.texts_in(chat, before + 1)
        assert answers[before].startswith(denial or allowed_answer), name
    assert len(bot.finished(chat)) == len(STEPS)


@pytest.mark.parametrize(
    ("person", "subscribe_answer"),
    [
        (SUBSCRIBER, "You are subscribed to GPT Bot News"),
        (ADMIN, "You are an administrator of this bot"),
    ],
)
async def test_allowed_users_get_an_answer_to_everything(
    start_bot: StartBot, person: Person, subscribe_answer: str
) -> None:
    bot = await start_bot()
    await walk_through_every_step(bot, person, denial=None)
    await bot.send(message(person, "/subscribe"))
    assert (await bot.texts_in(person.user_id, len(STEPS) + 1))[-1].startswith(subscribe_answer)


async def test_a_banned_user_gets_the_refusal_to_everything_but_subscribe(start_bot: StartBot) -> None:
    bot = await start_bot()
    await ban(bot.store, BANNED.user_id)
    await walk_through_every_step(bot, BANNED, REVOKED)
    await bot.send(message(BANNED, "/subscribe"))
    assert (await bot.texts_in(BANNED.user_id, len(STEPS) + 1))[-1].startswith(REVOKED)
    assert bot.model.prompts == [] and not bot.telegram.calls_of("getFile", "sendPhoto", "sendDocument")
    assert await bot.usage_records(BANNED.user_id) == []


async def test_a_non_member_gets_the_channel_link_to_whatever_they_send_first_and_subscribe_answers(
    start_bot: StartBot,
) -> None:
    # A non-member is told once per membership period (ADR 0026), so each step is a newcomer's first.
    bot = await start_bot()
    bot.telegram.add_file("jpeg", JPEG)
    bot.telegram.add_file("notes", NOTES)
    newcomers = [Person(STRANGER.user_id * 10 + n) for n in range(len(STEPS))]
    for newcomer, (name, update, _) in zip(newcomers, STEPS, strict=True):
        await bot.send(update(newcomer))
        assert (await bot.texts_in(newcomer.user_id, 1)) == [NOT_SUBSCRIBED_IN_FULL], name
    await bot.send(message(STRANGER, "/subscribe"))
    [answer] = await bot.texts_in(STRANGER.user_id, 1)
    assert answer.startswith("You are not subscribed to GPT Bot News yet.")
    assert bot.model.prompts == [] and not bot.telegram.calls_of("getFile", "sendPhoto", "sendDocument")
    for newcomer in newcomers:
        assert await bot.usage_records(newcomer.user_id) == []
