"""Long memory: once a conversation outgrows its context, the older turns are summarised in a recorded call
of their own, and the context starts from the summary; /history keeps every turn; a failed summary leaves
the reply as it was without one."""

import asyncio
import logging
from dataclasses import replace

import pytest

from adapters.memory.lock import InMemoryConversationLock
from application.chat.context import SUMMARY_NOTE, ContextSettings, build_prompt
from application.chat.conversations import Conversations
from application.chat.memory import MemorySettings
from application.chat.service import ChatService
from application.chat.spend_journal import SpendJournalService
from application.chat.tokens import ApproximateTokenCounter
from application.model_io import FailureKind, ModelFailure, Prompt, PromptTurn
from domain.budget import Limits
from domain.conversation import Role
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage, UsageKind
from tests.application.test_spend_journal import StoreThatStopsWriting
from tests.application.wiring import MODEL, PRICES, SYSTEM_PROMPT, Bot, BotFactory, build_bot
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.spend_journal import FakeSpendJournal

CHAT, USER = 100, 42
MEMORY = MemorySettings(MODEL, max_output_tokens=30)
MAX_CONTEXT = 160


def message(n: int) -> str:
    return f"message number {n} about the trip " + "x" * 30


async def send_until_summarised(bot: Bot, most: int = 20) -> int:
    """Sends messages until one of them is summarised before its reply; that message's number."""
    for n in range(most):
        await bot.chat.send_message(CHAT, USER, message(n), f"r{n}")
        if bot.model.summary_prompts:
            return n
    raise AssertionError("no summary was asked for")


def reply_prompts(bot: Bot) -> list[Prompt]:
    return [prompt for prompt in bot.model.prompts if prompt.kind is None]


async def test_a_long_conversation_is_summarised_once_and_the_context_starts_from_the_summary(
    make_bot: BotFactory,
) -> None:
    bot = make_bot(max_context_tokens=MAX_CONTEXT, memory=MEMORY)
    bot.model.summaries = ["They are planning a trip."]

    n = await send_until_summarised(bot)

    assert n > 1
    [asked] = bot.model.summary_prompts
    assert (asked.model, asked.max_output_tokens, asked.kind) == (MODEL, 30, UsageKind.SUMMARY)
    assert message(0) in asked.turns[0].text  # the oldest turn is what is summarised
    conversation = await bot.chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is not None
    assert conversation.summary.text == "They are planning a trip."
    prompt = reply_prompts(bot)[-1]
    assert prompt.instructions == f"{SYSTEM_PROMPT}\n\n{SUMMARY_NOTE}\nThey are planning a trip."
    turns = await bot.chat.history(CHAT, limit=100)
    asked_with = turns[conversation.summary.covers : -1]  # all after the summary, up to the new message
    assert list(prompt.turns) == [PromptTurn(t.role, t.text) for t in asked_with]
    assert prompt.turns[-1] == PromptTurn(turns[-2].role, message(n))

    await bot.chat.send_message(CHAT, USER, "and the next one", "next")

    assert len(bot.model.summary_prompts) == 1  # room was left: the next message is not summarised again
    assert reply_prompts(bot)[-1].instructions.endswith("They are planning a trip.")
    assert reply_prompts(bot)[-1].turns[-1] == PromptTurn(turns[-1].role.USER, "and the next one")


async def test_history_and_exports_still_hold_every_original_turn(make_bot: BotFactory) -> None:
    bot = make_bot(max_context_tokens=MAX_CONTEXT, memory=MEMORY)
    bot.model.summaries = ["A summary, not a turn."]

    n = await send_until_summarised(bot)

    turns = await bot.chat.history(CHAT, limit=100)
    assert [t.text for t in turns[::2]] == [message(k) for k in range(n + 1)]
    assert len(turns) == 2 * (n + 1)
    assert all("A summary, not a turn." not in t.text for t in turns)


async def test_the_summary_call_is_in_the_ledger_as_its_own_kind_with_its_cost(make_bot: BotFactory) -> None:
    bot = make_bot(max_context_tokens=MAX_CONTEXT, memory=MEMORY)

    n = await send_until_summarised(bot)

    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None
    [summary] = [r for r in ledger.records if r.usage.kind is UsageKind.SUMMARY]
    assert summary.request_id.startswith(f"r{n}:summary:")
    assert summary.usage.model == MODEL and summary.usage.input_tokens > 0
    assert summary.cost_micros == PRICES.cost_micros(summary.usage) > 0
    assert [r.request_id for r in ledger.records if r.usage.kind is UsageKind.CHAT] == [
        f"r{k}" for k in range(n + 1)
    ]


async def test_a_later_overflow_rolls_the_summary_forward(make_bot: BotFactory) -> None:
    bot = make_bot(max_context_tokens=MAX_CONTEXT, memory=MEMORY)
    bot.model.summaries = ["First summary.", "Second summary."]
    await send_until_summarised(bot)
    first = await bot.chat.active_conversation(CHAT)
    assert first is not None and first.summary is not None

    for k in range(100, 120):
        await bot.chat.send_message(CHAT, USER, message(k), f"r{k}")
        if len(bot.model.summary_prompts) == 2:
            break

    second = bot.model.summary_prompts[1].turns[0].text
    assert second.startswith("Previous summary:\nFirst summary.\n")
    assert message(0) not in second  # what the first summary covers is not summarised again
    conversation = await bot.chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is not None
    assert conversation.summary.text == "Second summary."
    assert conversation.summary.covers > first.summary.covers
    assert reply_prompts(bot)[-1].instructions.endswith("Second summary.")


async def test_a_failed_summary_leaves_the_reply_as_it_was_without_one(
    make_bot: BotFactory, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(max_context_tokens=MAX_CONTEXT, memory=MEMORY)
    bot.model.summaries = [ModelFailure(FailureKind.TIMEOUT, "secret words from the model")]
    counter = ApproximateTokenCounter()

    with caplog.at_level(logging.WARNING):
        n = await send_until_summarised(bot)

    reply = await bot.chat.history(CHAT, limit=100)
    assert reply[-1].text == f"echo: {message(n)}"  # the message was answered all the same
    conversation = await bot.chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is None
    without_memory = build_prompt(
        ContextSettings(MODEL, SYSTEM_PROMPT, MAX_CONTEXT), reply[:-1], counter, USER
    )
    assert reply_prompts(bot)[-1] == replace(
        without_memory, request_id=f"r{n}"
    )  # the oldest turns dropped, as before long memory
    [warning] = [r for r in caplog.records if "summarise" in r.getMessage()]
    assert "timeout" in warning.getMessage()
    assert "secret words" not in caplog.text and "trip" not in caplog.text

    await bot.chat.send_message(CHAT, USER, "again", "again")

    conversation = await bot.chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is not None  # the next message summarises
    assert message(0) in bot.model.summary_prompts[-1].turns[0].text  # and nothing was lost


async def test_a_failed_summary_the_provider_billed_is_charged_as_a_summary(make_bot: BotFactory) -> None:
    bot = make_bot(max_context_tokens=MAX_CONTEXT, memory=MEMORY)
    billed = ModelUsage(MODEL, input_tokens=50, output_tokens=3)
    bot.model.summaries = [ModelFailure(FailureKind.INTERRUPTED, "cut", billed=billed)]

    n = await send_until_summarised(bot)

    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None
    [charge] = [r for r in ledger.records if r.request_id.startswith(f"r{n}:summary:")]
    assert charge.usage == ModelUsage(MODEL, UsageKind.SUMMARY, input_tokens=50, output_tokens=3)


async def test_a_summary_over_budget_is_not_asked_for_and_the_reply_still_comes(make_bot: BotFactory) -> None:
    pricey = "pricey-summary-model"
    bot = make_bot(
        max_context_tokens=MAX_CONTEXT,
        memory=MemorySettings(pricey, 30),
        limits=Limits(daily_micros=1_000_000),
    )
    a_dollar_a_token = ModelPrice(input_micros_per_mtok=10**12, output_micros_per_mtok=10**12)
    bot.usage.prices = PriceTable({**PRICES.prices, pricey: a_dollar_a_token})

    for n in range(12):
        await bot.chat.send_message(CHAT, USER, message(n), f"r{n}")

    assert bot.model.summary_prompts == []
    turns = await bot.chat.history(CHAT, limit=100)
    assert turns[-1].text == f"echo: {message(11)}"
    assert len(reply_prompts(bot)[-1].turns) < len(turns) - 1  # the oldest turns dropped, as before
    conversation = await bot.chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is None


async def test_a_summary_the_store_cannot_take_keeps_its_charge_in_the_spend_journal() -> None:
    n = await send_until_summarised(
        build_bot(FakeAggregates(), max_context_tokens=MAX_CONTEXT, memory=MEMORY)
    )
    store, journal = StoreThatStopsWriting(), FakeSpendJournal()
    bot = build_bot(store, max_context_tokens=MAX_CONTEXT)
    spend = SpendJournalService(journal, store, bot.usage, Conversations(bot.clock))
    chat = ChatService(
        store,
        bot.model,
        bot.usage,
        InMemoryConversationLock(),
        bot.clock,
        ApproximateTokenCounter(),
        ContextSettings(MODEL, SYSTEM_PROMPT, MAX_CONTEXT),
        4_000,
        journal=spend,
        memory=MEMORY,
    )
    for k in range(n):
        await chat.send_message(CHAT, USER, message(k), f"r{k}")
    store.saves_left = 1  # the message is kept; the summary's commit is the first the store refuses

    reply = await chat.send_message(CHAT, USER, message(n), f"r{n}")  # answered, its charge journalled too

    assert reply.text == f"echo: {message(n)}"
    [batch] = await journal.claim()
    [kept] = [entry for entry in batch.entries if entry.usage.kind is UsageKind.SUMMARY]
    assert kept.request_id.startswith(f"r{n}:summary:") and kept.usage.kind is UsageKind.SUMMARY
    assert kept.cost_micros == PRICES.cost_micros(kept.usage) and kept.reply is None
    await journal.release(batch)
    store.back()
    await spend.drain()
    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None and ledger.has_recorded(kept.request_id)
    conversation = await chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is None

    await chat.send_message(CHAT, USER, "and the next one", "next")  # summarised, then answered

    conversation = await chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is not None
    assert len(bot.model.summary_prompts) == 2


async def test_a_stop_during_the_summary_leaves_the_message_kept_for_the_next_start(
    make_bot: BotFactory,
) -> None:
    bot = make_bot(max_context_tokens=MAX_CONTEXT, memory=MEMORY)
    bot.model.summaries = [asyncio.CancelledError()]

    with pytest.raises(asyncio.CancelledError):
        await send_until_summarised(bot)

    conversation = await bot.chat.active_conversation(CHAT)
    assert conversation is not None and conversation.summary is None
    newest = conversation.turns[-1]
    assert newest.role is Role.USER and conversation.awaits_reply_to(newest.request_id)
