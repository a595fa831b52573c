"""`gptbot webhook set|delete|info`: manage the webhook Telegram delivers updates to."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import typer

from adapters.telegram.updates import ALLOWED_UPDATES

if TYPE_CHECKING:
    from aiogram import Bot
    from aiogram.types import WebhookInfo

    from entrypoints.settings import Settings

T = TypeVar("T")

webhook_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Manage the Telegram webhook.")


@webhook_app.command("set")
def set_webhook(
    drop_pending: bool = typer.Option(False, "--drop-pending", help="Discard updates waiting in Telegram."),
) -> None:
    """Point Telegram at WEBHOOK_URL, with WEBHOOK_SECRET as the secret token."""
    from entrypoints.settings import ConfigurationError, load_settings

    settings = load_settings()
    if (
        not settings.webhook_url
        or settings.webhook_secret is None
        or not settings.webhook_secret.get_secret_value()
    ):
        raise ConfigurationError("WEBHOOK_URL and WEBHOOK_SECRET must both be set to set a webhook")
    url, secret = settings.webhook_url, settings.webhook_secret.get_secret_value()
    _with_bot(
        settings,
        lambda bot: bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES, drop_pending_updates=drop_pending
        ),
    )
    typer.echo(f"webhook set to {url}")


@webhook_app.command("delete")
def delete_webhook(
    drop_pending: bool = typer.Option(False, "--drop-pending", help="Discard updates waiting in Telegram."),
) -> None:
    """Remove the webhook; the bot can then poll."""
    from entrypoints.settings import load_settings

    _with_bot(load_settings(), lambda bot: bot.delete_webhook(drop_pending_updates=drop_pending))
    typer.echo("webhook deleted")


@webhook_app.command("info")
def webhook_info() -> None:
    """What Telegram knows about the webhook: URL, pending updates, last error."""
    from entrypoints.settings import load_settings

    info: WebhookInfo = _with_bot(load_settings(), lambda bot: bot.get_webhook_info())
    typer.echo(f"url: {info.url or '(none: the bot polls)'}")
    typer.echo(f"pending updates: {info.pending_update_count}")
    if info.last_error_message:
        typer.echo(f"last error: {info.last_error_message}")


def _with_bot(settings: "Settings", call: "Callable[[Bot], Awaitable[T]]") -> T:
    # aiogram takes seconds to import; only these commands need it.
    from aiogram.exceptions import TelegramAPIError

    from adapters.telegram.bot import create_bot
    from entrypoints.settings import ConfigurationError

    if settings.telegram_bot_token is None:
        raise ConfigurationError("TELEGRAM_BOT_TOKEN is not set")
    token = settings.telegram_bot_token.get_secret_value()

    async def run() -> T:
        bot = create_bot(token, settings.telegram_api_base)
        try:
            return await call(bot)
        finally:
            await bot.session.close()

    try:
        return asyncio.run(run())
    except TelegramAPIError as error:
        typer.echo(f"gptbot: Telegram refused the request: {error}", err=True)
        raise typer.Exit(1) from None
