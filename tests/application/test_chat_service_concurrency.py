"""Concurrent messages to one chat are answered one at a time, and none is lost."""

import asyncio

from domain.conversation import Role
from tests.application.wiring import Bot

CHAT, USER = 100, 42
HANG_GUARD_SECONDS = 60


async def test_concurrent_messages_to_one_chat_are_answered_one_at_a_time(bot: Bot) -> None:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        await asyncio.gather(*(bot.chat.send_message(CHAT, USER, f"message {n}", f"r{n}") for n in range(10)))

    turns = await bot.chat.history(CHAT, limit=100)
    assert len(turns) == 20
    for asked, answered in zip(turns[::2], turns[1::2], strict=True):
        assert (asked.role, answered.role) == (Role.USER, Role.ASSISTANT)
        assert answered.request_id == asked.request_id
        assert answered.text == f"echo: {asked.text}"
    assert sorted(t.request_id for t in turns[::2]) == sorted(f"r{n}" for n in range(10))
    # Each call saw every earlier exchange: the prompts grew by two turns at a time.
    assert [len(p.turns) for p in bot.model.prompts] == list(range(1, 20, 2))


async def test_every_concurrent_message_is_charged(bot: Bot) -> None:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        replies = await asyncio.gather(
            *(bot.chat.send_message(CHAT, USER, f"message {n}", f"r{n}") for n in range(10))
        )

    summary = await bot.usage.summary(USER)
    assert summary.month.requests == 10
    assert summary.month.cost_micros == sum(reply.cost_micros for reply in replies)


async def test_concurrent_redeliveries_of_one_message_are_answered_once(bot: Bot) -> None:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        replies = await asyncio.gather(*(bot.chat.send_message(CHAT, USER, "hello", "r1") for _ in range(5)))

    assert [reply.repeated for reply in replies].count(False) == 1
    assert {reply.text for reply in replies} == {"echo: hello"}
    assert len(bot.model.prompts) == 1
    assert len(await bot.chat.history(CHAT)) == 2
