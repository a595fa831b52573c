"""Admin notifications over the fake Bot API server: every admin is told, one who cannot be reached is
skipped; model errors and budget thresholds reach admins from the running bot."""

from datetime import UTC, datetime

from adapters.system_clock import SystemClock
from adapters.telegram.bot import create_bot
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.notifier import AiogramNotifier
from application.billing.usage import UsageService
from application.model_io import FailureKind, ModelFailure
from domain.budget import Limits
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_harness import ADMIN, SUBSCRIBER, TOKEN, StartBot
from tests.support.telegram_updates import message


async def test_every_admin_is_notified_and_one_who_blocked_the_bot_is_skipped(telegram: FakeTelegram) -> None:
    bot = create_bot(TOKEN, telegram.url)
    try:
        notifier = AiogramNotifier(AiogramMessenger(bot), frozenset({11, 12, 13}))
        telegram.refuse_next("sendMessage", "Forbidden: bot was blocked by the user", code=403)

        await notifier.notify_admins("Budget alert: 80%")
    finally:
        await bot.session.close()

    assert [call.chat_id for call in telegram.calls_of("sendMessage")] == [11, 12, 13]
    assert telegram.sent_texts(11) == [] and telegram.sent_texts(12) == telegram.sent_texts(13) == [
        "Budget alert: 80%"
    ]


async def test_model_errors_past_the_threshold_alert_the_admins_once(start_bot: StartBot) -> None:
    bot = await start_bot(model_error_alert_threshold=2)
    bot.model.failures.extend([ModelFailure(FailureKind.TIMEOUT), ModelFailure(FailureKind.TIMEOUT)])
    await bot.send(message(SUBSCRIBER, "one"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "two"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)

    alerts = bot.container.model_error_alerts()
    assert await alerts.check() and not await alerts.check()
    assert await bot.texts_in(ADMIN.user_id, 1) == [
        "Model errors: 2 failed calls in the last 10 minutes (timeout)."
    ]


async def test_the_global_budget_threshold_alerts_the_admins_from_the_running_bot(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(budget_global_monthly_usd="0.000001", alert_check_seconds=0.05)
    priced = PriceTable({"priced-model": ModelPrice(input_micros_per_mtok=1_000_000)})
    usage = UsageService(bot.store, SystemClock(), priced, Limits())
    await usage.record(SUBSCRIBER.user_id, "telegram:1", ModelUsage("priced-model", input_tokens=1))

    # The bot's own projection worker and alert routine notice the spending.
    [alert] = await bot.texts_in(ADMIN.user_id, 1)

    assert alert == "Budget alert: 95% of this month's global budget is spent ($0.000001 of $0.000001)."
    month = datetime.now(UTC).strftime("%Y-%m")
    ledger = await bot.container.alert_claims().ledger(month)
    assert ledger is not None and sorted(ledger.budget_thresholds) == [80, 95]
