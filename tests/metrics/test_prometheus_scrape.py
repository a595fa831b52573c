"""A real Prometheus server scrapes the bot's /metrics while it answers, and its series read back through
Prometheus's own query API count what was sent."""

from collections.abc import Callable
from datetime import UTC, datetime

from application.messages import text
from application.model_io import FailureKind, ModelFailure
from domain.access import AccessLedger
from domain.budget import Limits
from tests.metrics.prometheus_server import StartPrometheus
from tests.support.redis_server import free_port
from tests.support.telegram_harness import ADMIN, RUSSIAN, STRANGER, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import message


async def limit_daily_tokens(bot: RunningBot, user_id: int, tokens: int) -> None:
    at = datetime.now(UTC)
    ledger = AccessLedger(user_id=user_id, at=at)
    ledger.set_budget(Limits(daily_tokens=tokens), by=ADMIN.user_id, at=at)
    await bot.store.save(ledger)


def equals(expected: float) -> Callable[[float | None], bool]:
    return lambda value: value == expected


async def test_prometheus_scrapes_the_counts_of_what_the_bot_answered(
    start_bot: StartBot, prometheus: StartPrometheus
) -> None:
    port = free_port()
    scraper = prometheus(f"127.0.0.1:{port}")
    bot = await start_bot(health_port=port)
    for words in ("one", "two", "three"):
        await bot.send(message(SUBSCRIBER, words))
    assert sorted(await bot.texts_in(SUBSCRIBER.user_id, 3)) == ["echo: one", "echo: three", "echo: two"]
    bot.model.failures.append(ModelFailure(FailureKind.TIMEOUT))
    await bot.send(message(SUBSCRIBER, "four"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 4))[-1] == text("model_timeout", SUBSCRIBER.language)
    await bot.send(message(STRANGER, "let me in"))
    await bot.texts_in(STRANGER.user_id, 1)
    await limit_daily_tokens(bot, RUSSIAN.user_id, 1)
    await bot.send(message(RUSSIAN, "привет"))
    refused = "Достигнут дневной лимит в 1 токен. Он обнулится в полночь по UTC."
    assert await bot.texts_in(RUSSIAN.user_id, 1) == [refused]

    records = await bot.usage_records(SUBSCRIBER.user_id)
    assert len(records) == 3
    model = records[0].usage.model
    input_tokens = sum(r.usage.input_tokens for r in records)
    output_tokens = sum(r.usage.output_tokens for r in records)
    cost = sum(r.cost_micros for r in records)

    await scraper.wait_for("sum(gptbot_replies_total)", equals(3))
    await scraper.wait_for('sum(gptbot_updates_total{type="message"})', equals(6))
    await scraper.wait_for('gptbot_model_failures_total{kind="timeout"}', equals(1))
    await scraper.wait_for('gptbot_access_refusals_total{reason="not_subscribed"}', equals(1))
    await scraper.wait_for(f'gptbot_model_reply_seconds_count{{model="{model}"}}', equals(3))
    await scraper.wait_for(f'gptbot_model_first_token_seconds_count{{model="{model}"}}', equals(3))
    await scraper.wait_for(f'gptbot_model_tokens_total{{model="{model}",kind="input"}}', equals(input_tokens))
    await scraper.wait_for(
        f'gptbot_model_tokens_total{{model="{model}",kind="output"}}', equals(output_tokens)
    )
    await scraper.wait_for(f'sum(gptbot_model_cost_micros_total{{model="{model}"}})', equals(cost))
    await scraper.wait_for("gptbot_spend_journal_waiting", equals(0))
    await scraper.wait_for("gptbot_budget_refusals_total", equals(1))
    assert await scraper.wait_for('sum(gptbot_store_call_seconds_count{operation="save"})', lambda v: bool(v))
    assert await scraper.wait_for("gptbot_projection_lag_events", lambda v: v is not None) is not None
