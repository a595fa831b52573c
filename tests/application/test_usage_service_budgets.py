"""Budgets refuse a call before the model is called; a user's own budget overrides the default."""

from datetime import UTC, datetime

import pytest

from application.errors import BudgetExceeded
from domain.access import AccessLedger
from domain.budget import Exceeded, Limits
from domain.usage import ModelUsage
from tests.application.wiring import MODEL, Bot, BotFactory

CHAT, USER, OTHER_USER, ADMIN = 100, 42, 43, 1
# 500 input tokens at two micro-dollars each: 500 tokens and 1000 micro-dollars.
SPEND_500_TOKENS = ModelUsage(MODEL, input_tokens=500)


async def refused(bot: Bot, user_id: int = USER) -> BudgetExceeded:
    prompts_before = len(bot.model.prompts)
    with pytest.raises(BudgetExceeded) as refusal:
        await bot.chat.send_message(CHAT + user_id, user_id, "hello", f"refused-{prompts_before}")
    assert len(bot.model.prompts) == prompts_before, "the model was called despite the budget"
    return refusal.value


@pytest.mark.parametrize(
    ("limits", "exceeded", "limit"),
    [
        pytest.param(Limits(daily_micros=1000), Exceeded.DAILY_COST, 1000, id="daily-usd"),
        pytest.param(Limits(monthly_micros=1000), Exceeded.MONTHLY_COST, 1000, id="monthly-usd"),
        pytest.param(Limits(daily_tokens=500), Exceeded.DAILY_TOKENS, 500, id="daily-tokens"),
        pytest.param(Limits(monthly_tokens=500), Exceeded.MONTHLY_TOKENS, 500, id="monthly-tokens"),
    ],
)
async def test_a_spent_budget_refuses_the_call_before_the_model_is_called(
    make_bot: BotFactory, limits: Limits, exceeded: Exceeded, limit: int
) -> None:
    bot = make_bot(limits=limits)
    await bot.usage.record(USER, "earlier", SPEND_500_TOKENS)

    refusal = await refused(bot)

    assert (refusal.exceeded, refusal.limit) == (exceeded, limit)
    assert bot.model.prompts == []
    assert await bot.chat.history(CHAT + USER) == []


async def test_a_call_whose_estimate_alone_is_over_the_limit_is_refused(make_bot: BotFactory) -> None:
    bot = make_bot(limits=Limits(daily_tokens=5))

    refusal = await refused(bot)

    assert refusal.exceeded is Exceeded.DAILY_TOKENS


async def test_a_budget_with_room_left_lets_the_call_through(make_bot: BotFactory) -> None:
    bot = make_bot(limits=Limits(daily_micros=1_000_000, daily_tokens=100_000))
    await bot.usage.record(USER, "earlier", SPEND_500_TOKENS)

    reply = await bot.chat.send_message(CHAT, USER, "hello", "r1")

    assert reply.text == "echo: hello"


async def test_the_daily_budget_is_available_again_after_midnight(make_bot: BotFactory) -> None:
    bot = make_bot(limits=Limits(daily_micros=1000), start=datetime(2026, 11, 21, 23, 0, tzinfo=UTC))
    await bot.usage.record(USER, "late", SPEND_500_TOKENS)
    await refused(bot)

    bot.clock.advance(hours=1, minutes=30)

    assert (await bot.chat.send_message(CHAT, USER, "hello", "r2")).text == "echo: hello"


async def test_the_monthly_budget_carries_over_days_and_resets_with_the_month(make_bot: BotFactory) -> None:
    bot = make_bot(limits=Limits(monthly_micros=1000), start=datetime(2026, 11, 1, 9, 0, tzinfo=UTC))
    await bot.usage.record(USER, "early", SPEND_500_TOKENS)
    bot.clock.advance(days=29, hours=14)  # 2026-11-30 23:00
    await refused(bot)

    bot.clock.advance(hours=2)  # 2026-12-01 01:00

    assert (await bot.chat.send_message(CHAT, USER, "hello", "r2")).text == "echo: hello"


async def test_a_users_own_budget_overrides_the_default(make_bot: BotFactory) -> None:
    bot = make_bot(limits=Limits())
    access = AccessLedger(user_id=USER, at=bot.clock.now())
    access.set_budget(Limits(daily_tokens=500), by=ADMIN, at=bot.clock.now())
    await bot.store.save(access)
    await bot.usage.record(USER, "earlier", SPEND_500_TOKENS)
    await bot.usage.record(OTHER_USER, "earlier", SPEND_500_TOKENS)

    assert (await refused(bot, USER)).exceeded is Exceeded.DAILY_TOKENS
    assert (await bot.chat.send_message(CHAT + 1, OTHER_USER, "hello", "r1")).text == "echo: hello"
    assert await bot.usage.limits_for(USER) == Limits(daily_tokens=500)
    assert await bot.usage.limits_for(OTHER_USER) == Limits()


async def test_a_users_own_budget_can_lift_the_default_limit(make_bot: BotFactory) -> None:
    bot = make_bot(limits=Limits(daily_tokens=500))
    access = AccessLedger(user_id=USER, at=bot.clock.now())
    access.set_budget(Limits(daily_tokens=100_000), by=ADMIN, at=bot.clock.now())
    await bot.store.save(access)
    await bot.usage.record(USER, "earlier", SPEND_500_TOKENS)
    await bot.usage.record(OTHER_USER, "earlier", SPEND_500_TOKENS)

    assert (await bot.chat.send_message(CHAT, USER, "hello", "r1")).text == "echo: hello"
    assert (await refused(bot, OTHER_USER)).exceeded is Exceeded.DAILY_TOKENS
