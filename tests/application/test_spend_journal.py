"""A call that completes while the store cannot be written loses neither its answer nor its charge: the
user gets the answer, the charge (and the reply) wait in the spend journal, and they are written into
the ledger by request id, once, when the store is back."""

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import Any

import pytest
from eventsourcing.domain import Aggregate

from adapters.memory.lock import InMemoryConversationLock
from application.chat.context import ContextSettings
from application.chat.conversations import Conversations
from application.chat.service import ChatService
from application.chat.spend_journal import SpendJournalService
from application.chat.tokens import ApproximateTokenCounter
from application.errors import StoreUnavailable
from application.model_io import FailureKind, ModelFailure, Prompt, ReplyDone, TextDelta
from application.spend_entries import SpendEntry
from domain.conversation import Role
from domain.usage import ModelUsage
from tests.application.wiring import MODEL, SYSTEM_PROMPT, Bot, build_bot
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.spend_journal import FakeSpendJournal

CHAT, USER = 100, 42


class StoreThatStopsWriting(FakeAggregates):
    """Reads as the fake does; takes `saves_left` more saves, then fails every save until it is back."""

    def __init__(self) -> None:
        super().__init__()
        self.saves_left: int | None = None

    async def save(self, *aggregates: Aggregate) -> None:
        if self.saves_left is not None:
            if self.saves_left <= 0:
                raise StoreUnavailable("the fake store stopped taking writes")
            self.saves_left -= 1
        await super().save(*aggregates)

    def back(self) -> None:
        self.saves_left = None


class Journalled:
    def __init__(self, bot: Bot, store: StoreThatStopsWriting, journal: FakeSpendJournal) -> None:
        self.bot, self.store, self.journal = bot, store, journal
        self.spend = SpendJournalService(journal, store, bot.usage, Conversations(bot.clock))
        self.chat = chat_with(bot, self.spend)

    async def records(self) -> list[tuple[str, int]]:
        ledger = await self.bot.usage.ledger_for(USER, self.bot.clock.now())
        return [(r.request_id, r.cost_micros) for r in ledger.records] if ledger else []

    async def turns(self) -> list[tuple[Role, str]]:
        return [(t.role, t.text) for t in await self.chat.history(CHAT)]


def chat_with(bot: Bot, spend: SpendJournalService | None, model: Any = None) -> ChatService:
    return ChatService(
        bot.store,
        model or bot.model,
        bot.usage,
        InMemoryConversationLock(),
        bot.clock,
        ApproximateTokenCounter(),
        ContextSettings(MODEL, SYSTEM_PROMPT, 10_000),
        4_000,
        journal=spend,
    )


@pytest.fixture
def journalled() -> Journalled:
    store = StoreThatStopsWriting()
    return Journalled(build_bot(store), store, FakeSpendJournal())


def cost_of(usage: ModelUsage) -> int:
    return usage.input_tokens * 2 + usage.output_tokens * 8


async def test_a_reply_finished_while_the_store_cannot_be_written_is_answered_and_kept_in_the_journal(
    journalled: Journalled,
) -> None:
    journalled.bot.model.will_reply("The answer.")
    journalled.store.saves_left = 1  # the user's words are saved; then the store stops

    reply = await journalled.chat.send_message(CHAT, USER, "hello", "r1")

    assert reply.text == "The answer." and reply.usage is not None
    assert reply.cost_micros == cost_of(reply.usage)
    [batch] = await journalled.journal.claim()
    [kept] = batch.entries
    assert (kept.user_id, kept.request_id, kept.usage, kept.cost_micros) == (
        USER,
        "r1",
        reply.usage,
        reply.cost_micros,
    )
    assert (kept.chat_id, kept.reply) == (CHAT, "The answer.")
    assert await journalled.records() == []


async def test_the_journal_is_written_into_the_ledger_and_the_conversation_once_when_the_store_is_back(
    journalled: Journalled,
) -> None:
    journalled.bot.model.will_reply("The answer.")
    journalled.store.saves_left = 1
    reply = await journalled.chat.send_message(CHAT, USER, "hello", "r1")
    assert (await journalled.spend.drain()).waiting == 1

    journalled.store.back()
    drained = await journalled.spend.drain()
    again = await journalled.spend.drain()

    assert (drained.written, drained.waiting, again.written) == (1, 0, 0)
    assert await journalled.records() == [("r1", reply.cost_micros)]
    assert await journalled.turns() == [(Role.USER, "hello"), (Role.ASSISTANT, "The answer.")]
    assert journalled.journal.waiting() == 0


async def test_an_entry_the_ledger_already_has_is_settled_without_a_second_record_or_reply(
    journalled: Journalled,
) -> None:
    reply = await journalled.chat.send_message(CHAT, USER, "hello", "r1")
    assert reply.usage is not None
    # A commit that went through although the store's answer was lost keeps its entry as well.
    kept = SpendEntry(
        USER, "r1", reply.usage, reply.cost_micros, journalled.bot.clock.now(), CHAT, reply.text
    )
    await journalled.spend.keep(kept)

    await journalled.spend.drain()

    assert await journalled.records() == [("r1", reply.cost_micros)]
    assert await journalled.turns() == [(Role.USER, "hello"), (Role.ASSISTANT, reply.text)]
    assert journalled.journal.waiting() == 0


async def test_a_kept_reply_is_not_written_after_a_later_message_but_its_charge_is(
    journalled: Journalled,
) -> None:
    journalled.bot.model.will_reply("first answer", "second answer")
    journalled.store.saves_left = 1
    first = await journalled.chat.send_message(CHAT, USER, "one", "r1")
    journalled.store.back()
    second = await journalled.chat.send_message(CHAT, USER, "two", "r2")

    await journalled.spend.drain()

    assert await journalled.records() == [("r2", second.cost_micros), ("r1", first.cost_micros)]
    assert await journalled.turns() == [
        (Role.USER, "one"),
        (Role.USER, "two"),
        (Role.ASSISTANT, "second answer"),
    ]


async def test_billed_usage_of_a_failed_call_goes_to_the_journal_while_the_store_is_down(
    journalled: Journalled,
) -> None:
    billed = ModelUsage(MODEL, input_tokens=10, output_tokens=3)
    journalled.bot.model.will_fail(ModelFailure(FailureKind.INTERRUPTED, "stream cut", billed=billed))
    journalled.store.saves_left = 1

    with pytest.raises(ModelFailure):
        await journalled.chat.send_message(CHAT, USER, "hello", "r1")
    journalled.store.back()
    await journalled.spend.drain()

    [(request_id, cost)] = await journalled.records()
    assert request_id.startswith("r1:failed:") and cost == cost_of(billed)


async def test_an_image_drawn_while_the_store_is_down_is_delivered_and_charged_later(
    journalled: Journalled,
) -> None:
    journalled.store.saves_left = 1

    image = await journalled.chat.generate_image(CHAT, USER, "a cat", "r1")
    journalled.store.back()
    await journalled.spend.drain()

    assert image.data and not image.repeated
    assert await journalled.records() == [("r1", image.cost_micros)]


async def test_an_unreachable_store_still_stops_the_request_before_the_model_is_called(
    journalled: Journalled,
) -> None:
    journalled.store.available = False

    with pytest.raises(StoreUnavailable):
        await journalled.chat.send_message(CHAT, USER, "hello", "r1")

    assert journalled.bot.model.prompts == [] and journalled.journal.waiting() == 0


async def test_a_drain_that_cannot_write_warns_once_a_minute_at_most_without_the_reply(
    journalled: Journalled, caplog: pytest.LogCaptureFixture
) -> None:
    journalled.bot.model.will_reply("a private answer")
    journalled.store.saves_left = 1
    await journalled.chat.send_message(CHAT, USER, "hello", "r1")

    with caplog.at_level(logging.WARNING, logger="application.chat.spend_journal"):
        first, second = await journalled.spend.drain(), await journalled.spend.drain()

    assert (first.waiting, second.waiting) == (1, 1)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "1 usage records wait" in warnings[0].getMessage()
    assert "private answer" not in caplog.text and "hello" not in caplog.text


class HeldModel:
    """Streams the first words of a reply, then waits for ever, as a slow model does at a shutdown."""

    def __init__(self) -> None:
        self.started = asyncio.Event()

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        yield TextDelta("the first words of a long")
        self.started.set()
        await asyncio.Event().wait()
        yield ReplyDone("never", ModelUsage(prompt.model))

    async def generate_image(self, request: object) -> object:
        raise NotImplementedError

    async def aclose(self) -> None:
        """Holds nothing."""


async def cut_short(chat: ChatService, model: HeldModel) -> None:
    call = asyncio.create_task(chat.send_message(CHAT, USER, "tell me a long story", "r1"))
    await model.started.wait()
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call


async def test_a_stream_cut_short_by_a_stopping_bot_is_charged_in_the_journal(journalled: Journalled) -> None:
    model = HeldModel()
    chat = chat_with(journalled.bot, journalled.spend, model)

    await cut_short(chat, model)
    await journalled.spend.drain()

    [(request_id, cost)] = await journalled.records()
    assert request_id.startswith("r1:cut:") and cost > 0
    ledger = await journalled.bot.usage.ledger_for(USER, journalled.bot.clock.now())
    assert ledger is not None and ledger.records[0].usage.output_tokens > 0


async def test_a_stream_cut_short_without_a_journal_is_charged_in_the_ledger(journalled: Journalled) -> None:
    model = HeldModel()
    chat = chat_with(journalled.bot, None, model)

    await cut_short(chat, model)

    [(request_id, cost)] = await journalled.records()
    assert request_id.startswith("r1:cut:") and cost > 0
