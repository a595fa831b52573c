"""Sending a message: the reply streams in order, is kept, and its usage is charged once."""

import pytest

from application.errors import EmptyMessage, MessageTooLong
from application.model_io import PromptTurn
from domain.conversation import Role
from domain.usage import ModelUsage
from tests.application.wiring import MODEL, SYSTEM_PROMPT, Bot, BotFactory

CHAT, USER = 100, 42


async def test_the_reply_streams_in_order_and_is_kept(bot: Bot) -> None:
    bot.model.will_reply("Hi, how are you?")

    reply = await bot.chat.send_message(CHAT, USER, "hello there", "r1", bot.preview)

    assert bot.preview.deltas == ["Hi,", " how", " are", " you?"]
    assert "".join(bot.preview.deltas) == reply.text
    assert (reply.text, reply.repeated) == ("Hi, how are you?", False)
    turns = await bot.chat.history(CHAT)
    assert [(t.role, t.text, t.request_id) for t in turns] == [
        (Role.USER, "hello there", "r1"),
        (Role.ASSISTANT, "Hi, how are you?", "r1"),
    ]


async def test_the_usage_of_a_reply_is_recorded_at_its_price(bot: Bot) -> None:
    bot.model.will_reply("Hi, how are you?")

    reply = await bot.chat.send_message(CHAT, USER, "hello there", "r1")

    # The fake model counts words: "Be brief." + "hello there" in, four words out.
    assert reply.usage == ModelUsage(MODEL, input_tokens=4, output_tokens=4)
    assert reply.cost_micros == 4 * 2 + 4 * 8
    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None
    assert [(r.request_id, r.usage, r.cost_micros) for r in ledger.records] == [("r1", reply.usage, 40)]


async def test_the_model_sees_the_conversation_so_far(bot: Bot) -> None:
    bot.model.will_reply("One.", "Two.")

    await bot.chat.send_message(CHAT, USER, "first", "r1")
    await bot.chat.send_message(CHAT, USER, "second", "r2")

    prompt = bot.model.prompts[-1]
    assert (prompt.model, prompt.instructions, prompt.user_id) == (MODEL, SYSTEM_PROMPT, USER)
    assert prompt.turns == (
        PromptTurn(Role.USER, "first"),
        PromptTurn(Role.ASSISTANT, "One."),
        PromptTurn(Role.USER, "second"),
    )


async def test_a_repeated_request_returns_the_earlier_reply_without_calling_the_model(bot: Bot) -> None:
    bot.model.will_reply("Only once.")
    await bot.chat.send_message(CHAT, USER, "hello", "r1")

    again = await bot.chat.send_message(CHAT, USER, "hello", "r1", bot.preview)

    assert (again.text, again.repeated, again.cost_micros) == ("Only once.", True, 0)
    assert len(bot.model.prompts) == 1
    assert bot.preview.deltas == []
    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None
    assert [r.request_id for r in ledger.records] == ["r1"]
    assert len(await bot.chat.history(CHAT)) == 2


async def test_surrounding_whitespace_is_not_kept(bot: Bot) -> None:
    await bot.chat.send_message(CHAT, USER, "  \n hello \t\n", "r1")

    assert bot.model.prompts[0].turns[-1].text == "hello"
    assert (await bot.chat.history(CHAT))[0].text == "hello"


@pytest.mark.parametrize("text", ["", "   ", "\n\t \n"])
async def test_an_empty_message_is_refused_before_anything_is_stored(bot: Bot, text: str) -> None:
    with pytest.raises(EmptyMessage):
        await bot.chat.send_message(CHAT, USER, text, "r1")

    assert bot.model.prompts == []
    assert await bot.chat.active_conversation(CHAT) is None


async def test_an_overlong_message_is_refused_with_its_length_and_the_limit(make_bot: BotFactory) -> None:
    bot = make_bot(max_message_chars=10)

    with pytest.raises(MessageTooLong) as refused:
        await bot.chat.send_message(CHAT, USER, "x" * 11, "r1")

    assert (refused.value.length, refused.value.limit) == (11, 10)
    assert bot.model.prompts == []
    assert await bot.chat.active_conversation(CHAT) is None
    assert (await bot.chat.send_message(CHAT, USER, "x" * 10, "r2")).text == "echo: " + "x" * 10
