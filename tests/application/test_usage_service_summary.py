"""Usage reports: today against this month, across midnight and the end of a month."""

import asyncio
from datetime import UTC, datetime

from application.chat.replies import describe_usage
from domain.budget import Limits
from domain.usage import ModelUsage, Totals
from tests.application.wiring import MODEL, Bot, BotFactory

USER = 42
LIMITS = Limits(daily_micros=10_000, monthly_micros=100_000, daily_tokens=5_000, monthly_tokens=50_000)
HANG_GUARD_SECONDS = 60


async def test_the_summary_separates_today_from_the_month(make_bot: BotFactory) -> None:
    bot = make_bot(limits=LIMITS, start=datetime(2026, 11, 21, 23, 0, tzinfo=UTC))
    await bot.usage.record(USER, "yesterday", ModelUsage(MODEL, input_tokens=100, output_tokens=10))
    bot.clock.advance(hours=2)  # 01:00 on the 22nd
    await bot.usage.record(USER, "today", ModelUsage(MODEL, input_tokens=50, output_tokens=5))

    summary = await bot.usage.summary(USER)

    assert summary.today == Totals(requests=1, input_tokens=50, output_tokens=5, cost_micros=140)
    assert summary.month == Totals(requests=2, input_tokens=150, output_tokens=15, cost_micros=420)
    assert summary.limits == LIMITS
    assert (summary.daily_micros_left, summary.monthly_micros_left) == (10_000 - 140, 100_000 - 420)
    assert (summary.daily_tokens_left, summary.monthly_tokens_left) == (5_000 - 55, 50_000 - 165)


async def test_a_new_month_starts_from_zero(make_bot: BotFactory) -> None:
    bot = make_bot(limits=LIMITS, start=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    november = bot.clock.now()
    await bot.usage.record(USER, "november", ModelUsage(MODEL, input_tokens=100))
    bot.clock.advance(hours=1)  # 2026-12-01 00:30

    empty = await bot.usage.summary(USER)
    await bot.usage.record(USER, "december", ModelUsage(MODEL, input_tokens=10))
    summary = await bot.usage.summary(USER)

    assert (empty.today, empty.month) == (Totals(), Totals())
    assert summary.month == Totals(requests=1, input_tokens=10, cost_micros=20)
    old = await bot.usage.ledger_for(USER, november)
    assert old is not None and [r.request_id for r in old.records] == ["november"]


async def test_a_user_without_usage_has_spent_nothing(bot: Bot) -> None:
    summary = await bot.usage.summary(USER)

    assert (summary.today, summary.month, summary.limits) == (Totals(), Totals(), Limits())
    assert summary.daily_micros_left is None and summary.monthly_tokens_left is None


async def test_spending_past_a_limit_leaves_nothing_rather_than_a_negative_amount(
    make_bot: BotFactory,
) -> None:
    bot = make_bot(limits=Limits(daily_micros=100, daily_tokens=10))
    await bot.usage.record(USER, "billed", ModelUsage(MODEL, input_tokens=500))

    summary = await bot.usage.summary(USER)

    assert (summary.daily_micros_left, summary.daily_tokens_left) == (0, 0)


async def test_recording_the_same_request_twice_charges_once(bot: Bot) -> None:
    first = await bot.usage.record(USER, "r1", ModelUsage(MODEL, input_tokens=100))
    second = await bot.usage.record(USER, "r1", ModelUsage(MODEL, input_tokens=100))

    assert (first.is_new, second.is_new) == (True, False)
    assert (await bot.usage.summary(USER)).month == Totals(requests=1, input_tokens=100, cost_micros=200)


async def test_concurrent_recording_for_one_user_loses_nothing(bot: Bot) -> None:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        await asyncio.gather(
            *(bot.usage.record(USER, f"r{n}", ModelUsage(MODEL, input_tokens=n)) for n in range(1, 31))
        )

    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None
    assert sorted(r.request_id for r in ledger.records) == sorted(f"r{n}" for n in range(1, 31))
    assert ledger.totals() == Totals(requests=30, input_tokens=465, cost_micros=930)
    assert ledger.verify() == []


async def test_concurrent_duplicates_of_one_request_are_charged_once(bot: Bot) -> None:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        results = await asyncio.gather(
            *(bot.usage.record(USER, "r1", ModelUsage(MODEL, input_tokens=100)) for _ in range(8))
        )

    assert [r.is_new for r in results].count(True) == 1
    assert (await bot.usage.summary(USER)).month.requests == 1


async def test_usage_names_the_part_of_the_month_the_bot_estimated(bot: Bot) -> None:
    await bot.usage.record(USER, "reported", ModelUsage(MODEL, input_tokens=100, output_tokens=10))
    await bot.usage.record(USER, "cut", ModelUsage(MODEL, input_tokens=50, output_tokens=5, estimated=True))
    await bot.usage.record(USER + 1, "reported", ModelUsage(MODEL, input_tokens=100, output_tokens=10))
    reported_only = describe_usage(await bot.usage.summary(USER + 1))

    words = describe_usage(await bot.usage.summary(USER), "en")

    assert "Of which estimated by the bot (no usage reported): $0.000140, requests: 1" in words
    assert "estimated" not in reported_only
