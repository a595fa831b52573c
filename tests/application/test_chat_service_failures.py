"""A failed model call loses nothing: the message stays, no reply is written, billed usage is charged."""

import pytest

from application.errors import StoreUnavailable
from application.model_io import FailureKind, ModelFailure, PromptTurn
from domain.conversation import Role
from domain.usage import ModelUsage
from tests.application.wiring import MODEL, Bot, build_bot
from tests.fakes.aggregates import FakeAggregates

CHAT, USER = 100, 42


async def test_a_model_failure_keeps_the_message_and_writes_no_reply(bot: Bot) -> None:
    bot.model.will_fail(ModelFailure(FailureKind.TIMEOUT, "no answer in 60 s"))

    with pytest.raises(ModelFailure) as failure:
        await bot.chat.send_message(CHAT, USER, "hello", "r1")

    assert failure.value.kind is FailureKind.TIMEOUT
    turns = await bot.chat.history(CHAT)
    assert [(t.role, t.text, t.request_id) for t in turns] == [(Role.USER, "hello", "r1")]
    assert await bot.usage.ledger_for(USER, bot.clock.now()) is None


async def test_retrying_a_failed_request_answers_it_without_repeating_the_message(bot: Bot) -> None:
    bot.model.will_fail(ModelFailure(FailureKind.RATE_LIMITED))
    with pytest.raises(ModelFailure):
        await bot.chat.send_message(CHAT, USER, "hello", "r1")
    bot.model.will_reply("Now it works.")

    reply = await bot.chat.send_message(CHAT, USER, "hello", "r1")

    assert reply.text == "Now it works."
    assert bot.model.prompts[-1].turns == (PromptTurn(Role.USER, "hello"),)
    turns = await bot.chat.history(CHAT)
    assert [(t.role, t.text) for t in turns] == [(Role.USER, "hello"), (Role.ASSISTANT, "Now it works.")]


async def test_billed_usage_of_a_failed_call_is_recorded(bot: Bot) -> None:
    billed = ModelUsage(MODEL, input_tokens=10, output_tokens=3)
    bot.model.will_fail(ModelFailure(FailureKind.INTERRUPTED, "stream cut", billed=billed))

    with pytest.raises(ModelFailure):
        await bot.chat.send_message(CHAT, USER, "hello", "r1")

    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None
    [record] = ledger.records
    assert (record.usage, record.cost_micros) == (billed, 10 * 2 + 3 * 8)
    assert record.request_id.startswith("r1:failed:")


async def test_a_successful_retry_is_charged_besides_the_billed_failure(bot: Bot) -> None:
    billed = ModelUsage(MODEL, input_tokens=10, output_tokens=3)
    bot.model.will_fail(ModelFailure(FailureKind.INTERRUPTED, billed=billed))
    with pytest.raises(ModelFailure):
        await bot.chat.send_message(CHAT, USER, "hello", "r1")

    reply = await bot.chat.send_message(CHAT, USER, "hello", "r1")

    summary = await bot.usage.summary(USER)
    assert summary.month.requests == 2
    assert summary.month.cost_micros == 44 + reply.cost_micros


async def test_an_unreachable_store_stops_the_request_before_the_model_is_called() -> None:
    store = FakeAggregates()
    bot = build_bot(store)
    store.available = False

    with pytest.raises(StoreUnavailable):
        await bot.chat.send_message(CHAT, USER, "hello", "r1")

    assert bot.model.prompts == []
