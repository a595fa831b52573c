"""`gptbot run` with a Telegram token: long polling by default, a webhook server when WEBHOOK_URL and
WEBHOOK_SECRET are set; beside it the projection worker and the admins' routine (summaries and alerts).

Stopping drains: intake stops first (polling fetches no more updates; the webhook answers 503, so Telegram
delivers again to the next process), the replies in hand finish within SHUTDOWN_GRACE_SECONDS, and those
still unfinished then are cut short with a word to their users."""

import asyncio
import logging
import signal
from collections.abc import Coroutine
from contextlib import suppress
from typing import Any, TypeVar

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommandScopeChat, BotCommandScopeDefault
from aiohttp import web

from adapters.telegram.handlers.command_menu import command_menu
from adapters.telegram.health_watch import HealthWatch
from adapters.telegram.middlewares.in_flight import InFlight
from adapters.telegram.updates import ALLOWED_UPDATES
from adapters.telegram.webhook import WebhookIntake, webhook_app, webhook_path
from application.admin.schedule import AdminRoutine
from application.admin.status import StoreProbe
from application.chat.recovery import Recovery
from application.chat.spend_journal import SpendJournalService
from application.messages import LANGUAGES
from entrypoints.container import Container
from entrypoints.garbage_collection import tune_garbage_collection
from entrypoints.health import start_health
from entrypoints.projection_worker import with_projection
from entrypoints.settings import Settings, StartupFailure
from entrypoints.spend_drain import drain_spend
from entrypoints.telegram_container import telegram_over

log = logging.getLogger(__name__)

T = TypeVar("T")


def run_telegram(container: Container) -> None:
    """Serve until stopped; Telegram unreachable or refusing the token at start ends in one line."""
    tune_garbage_collection()
    try:
        asyncio.run(serve(container))
    except TelegramAPIError as error:
        raise StartupFailure(f"cannot start the Telegram bot: {error}") from None


async def serve(container: Container, stop: asyncio.Event | None = None, handle_signals: bool = True) -> None:
    """Answer updates until `stop` is set (or SIGINT/SIGTERM arrives), then release every connection."""
    settings: Settings = container.settings()
    stop = stop or asyncio.Event()
    if handle_signals:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
    telegram = telegram_over(container)
    bot: Bot = telegram.bot()
    dispatcher: Dispatcher = telegram.dispatcher()
    spend: SpendJournalService = container.spend()
    health = None
    try:
        health = await start_health(container, stop)  # /readyz says 503 as soon as `stop` is set
        await drain_spend(spend)  # first: a reply kept there goes into its conversation before any other
        await publish_commands(bot, settings.admin_ids)
        serving = (
            serve_webhook(dispatcher, bot, settings, stop, HealthWatch(StoreProbe(container.store())))
            if webhook_configured(settings)
            else poll(dispatcher, bot, settings, stop)
        )
        routine: AdminRoutine = container.admin_routine()
        serving = beside(recover(telegram.recovery()), serving)
        serving = beside(spend.run(), serving)
        await with_projection(container.projection_worker(), beside(routine.run(asyncio.sleep), serving))
        await drain_spend(spend)  # what the replies cut short by the stop kept there
    finally:
        if health is not None:
            await health.aclose()
        await bot.session.close()
        await container.chat_model().aclose()
        transcriber = container.transcriber()
        if transcriber is not None:
            await transcriber.aclose()
        speaker = container.speaker()
        if speaker is not None:
            await speaker.aclose()
        redis = container.redis()
        if redis is not None:
            await redis.aclose()
        container.store().close()


async def beside(background: Coroutine[Any, Any, None], main: Coroutine[Any, Any, T]) -> T:
    """Run `main` with `background` as a task that is cancelled when `main` ends."""
    task = asyncio.create_task(background)
    try:
        return await main
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


async def recover(recovery: Recovery) -> None:
    """Messages a stopped process left unanswered are answered beside the intake, which does not wait."""
    try:
        await recovery.recover()
    except Exception as error:  # the store may be down at start: the bot serves all the same
        log.warning("could not look for messages left unanswered: %s", error)


def webhook_configured(settings: Settings) -> bool:
    return bool(
        settings.webhook_url and settings.webhook_secret and settings.webhook_secret.get_secret_value()
    )


async def drain(dispatcher: Dispatcher, grace: float) -> None:
    in_flight: InFlight = dispatcher["in_flight"]
    log.info("stopping: %d updates in hand, %g s to finish them", len(in_flight.handling), grace)
    cut_short = await in_flight.drain(grace)
    if cut_short:
        log.warning(
            "%d updates were still being handled when the grace ended; their users were told", cut_short
        )


async def poll(dispatcher: Dispatcher, bot: Bot, settings: Settings, stop: asyncio.Event) -> None:
    await bot.delete_webhook(drop_pending_updates=False)  # getUpdates is refused while a webhook is set
    polling = asyncio.create_task(
        dispatcher.start_polling(
            bot,
            allowed_updates=ALLOWED_UPDATES,
            handle_signals=False,
            close_bot_session=False,
            # Over the bound, no more updates are fetched until one in hand finishes (ADR 0029).
            tasks_concurrency_limit=settings.max_updates_in_hand,
        )
    )
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
    if not polling.done():
        await dispatcher.stop_polling()
    stopped.cancel()
    await polling
    await drain(dispatcher, settings.shutdown_grace_seconds)


async def serve_webhook(
    dispatcher: Dispatcher,
    bot: Bot,
    settings: Settings,
    stop: asyncio.Event,
    store: HealthWatch | None = None,
) -> None:
    """Deliveries over MAX_UPDATES_IN_HAND, or while `store` is known to be down, get 503 (ADR 0029)."""
    assert settings.webhook_url and settings.webhook_secret
    secret = settings.webhook_secret.get_secret_value()
    intake = WebhookIntake(dispatcher, bot, secret, settings.max_updates_in_hand, store)
    app = webhook_app(intake, webhook_path(settings.webhook_url))
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, settings.webhook_host, settings.webhook_port).start()
        await bot.set_webhook(settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        log.info("webhook server listening on %s:%s", settings.webhook_host, settings.webhook_port)
        await dispatcher.emit_startup(bot=bot)
        await stop.wait()
        intake.stop_taking()
        await intake.handed_over()
        await drain(dispatcher, settings.shutdown_grace_seconds)
    finally:
        with suppress(Exception):
            await dispatcher.emit_shutdown(bot=bot)
        await runner.cleanup()
        if store is not None:
            await store.aclose()


async def publish_commands(bot: Bot, admin_ids: frozenset[int] = frozenset()) -> None:
    """The command menu in every language we speak, with the admin commands in each admin's own chat
    only; a failure here never stops the bot."""
    try:
        for lang in LANGUAGES:
            code = None if lang == "en" else lang
            await bot.set_my_commands(command_menu(lang), scope=BotCommandScopeDefault(), language_code=code)
    except Exception as error:
        log.warning("could not publish the command menu: %s", error)
    for admin_id in sorted(admin_ids):
        try:
            await bot.set_my_commands(
                command_menu("en", admin=True), scope=BotCommandScopeChat(chat_id=admin_id)
            )
        except Exception as error:  # an admin who never started the bot has no chat yet
            log.info("could not publish the admin menu for %s: %s", admin_id, error)
