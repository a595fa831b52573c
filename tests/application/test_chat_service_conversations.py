"""Conversations of a chat: /reset archives the active one and starts another; /history reads it."""

from domain.chat import Chat
from domain.conversation import Conversation, Role
from domain.ids import chat_id_of
from tests.application.wiring import Bot

CHAT, OTHER_CHAT, USER = 100, 200, 42


async def test_reset_archives_the_conversation_and_starts_a_new_one(bot: Bot) -> None:
    await bot.chat.send_message(CHAT, USER, "hello", "r1")
    old = await bot.chat.active_conversation(CHAT)
    assert old is not None
    bot.clock.advance(minutes=5)

    await bot.chat.reset(CHAT)

    new = await bot.chat.active_conversation(CHAT)
    assert new is not None and new.id != old.id
    assert (new.turns, new.is_archived) == ([], False)
    archived = await bot.store.get(old.id, Conversation)
    assert archived is not None
    assert archived.archived_at == bot.clock.now()
    assert [t.text for t in archived.turns] == ["hello", "echo: hello"]
    chat = await bot.store.get(chat_id_of(CHAT), Chat)
    assert chat is not None and chat.conversation_ids == [old.id, new.id]


async def test_after_reset_the_model_no_longer_sees_the_old_turns(bot: Bot) -> None:
    await bot.chat.send_message(CHAT, USER, "my name is Ann", "r1")
    await bot.chat.reset(CHAT)

    await bot.chat.send_message(CHAT, USER, "what is my name?", "r2")

    assert [t.text for t in bot.model.prompts[-1].turns] == ["what is my name?"]
    assert [t.text for t in await bot.chat.history(CHAT)] == ["what is my name?", "echo: what is my name?"]


async def test_reset_of_a_new_chat_starts_its_first_conversation(bot: Bot) -> None:
    await bot.chat.reset(CHAT)

    conversation = await bot.chat.active_conversation(CHAT)
    assert conversation is not None and conversation.turns == []


async def test_history_gives_the_newest_turns_oldest_first(bot: Bot) -> None:
    for n in (1, 2, 3):
        await bot.chat.send_message(CHAT, USER, f"message {n}", f"r{n}")

    turns = await bot.chat.history(CHAT, limit=4)

    assert [(t.role, t.text) for t in turns] == [
        (Role.USER, "message 2"),
        (Role.ASSISTANT, "echo: message 2"),
        (Role.USER, "message 3"),
        (Role.ASSISTANT, "echo: message 3"),
    ]


async def test_history_of_a_chat_that_never_wrote_is_empty(bot: Bot) -> None:
    assert await bot.chat.history(CHAT) == []


async def test_chats_keep_separate_conversations(bot: Bot) -> None:
    await bot.chat.send_message(CHAT, USER, "in the first chat", "r1")
    await bot.chat.send_message(OTHER_CHAT, USER, "in the second chat", "r1")

    assert [t.text for t in await bot.chat.history(CHAT)] == ["in the first chat", "echo: in the first chat"]
    assert [t.text for t in await bot.chat.history(OTHER_CHAT)] == [
        "in the second chat",
        "echo: in the second chat",
    ]
    assert [t.text for t in bot.model.prompts[-1].turns] == ["in the second chat"]
