"""`gptbot`: the bot, the console chat and the operator's commands."""

import asyncio
import sys
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

import typer

from entrypoints.analytics_cli import analytics_app
from entrypoints.audit_cli import audit_app
from entrypoints.backup_cli import backup
from entrypoints.dashboard_cli import dashboard
from entrypoints.db_cli import db_app, require_current_schema
from entrypoints.projection_cli import project
from entrypoints.status_cli import status
from entrypoints.webhook_cli import webhook_app

if TYPE_CHECKING:
    from application.chat.spend_journal import SpendJournalService
    from application.ports import ChatModel
    from entrypoints.settings import Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(webhook_app, name="webhook")
app.add_typer(analytics_app, name="analytics")
app.add_typer(audit_app, name="audit")
app.add_typer(db_app, name="db")
app.command()(project)
app.command()(status)
app.command()(backup)
app.command()(dashboard)


@app.command()
def run() -> None:
    """Run the bot: Telegram when TELEGRAM_BOT_TOKEN is set, otherwise the console chat."""
    from entrypoints.bootstrap import start
    from entrypoints.settings import load_settings

    settings = load_settings()
    if not settings.db_upgrade_on_start:
        require_current_schema(settings)
    from entrypoints.dashboard_cli import dashboard_beside

    beside = dashboard_beside(settings)  # DASHBOARD_PORT set: the dashboard serves in a thread of its own
    try:
        if settings.telegram_bot_token is None:
            _console(settings)
            return
        from entrypoints.telegram_runner import run_telegram

        run_telegram(start(settings))
    finally:
        if beside is not None:
            beside.stop()


@app.command()
def chat() -> None:
    """Chat with the bot in this terminal (commands /reset /history /export /usage work here too)."""
    from entrypoints.settings import load_settings

    _console(load_settings())


def _console(settings: "Settings") -> None:
    from pathlib import Path

    from entrypoints.bootstrap import start
    from entrypoints.console import ConsoleChat, stdin_bytes
    from entrypoints.container import context_settings
    from entrypoints.projection_worker import with_projection

    container = start(settings)
    store = container.store()  # opened now, so a bad DATABASE_URL fails before the first prompt
    console = ConsoleChat(
        container.chat(), container.usage(), settings.console_user_id, Path(settings.export_dir), sys.stdout
    )
    try:
        worker = container.projection_worker()
        chatting = console.run(stdin_bytes(), context_settings(settings).model)
        asyncio.run(_then_close(with_projection(worker, chatting), container.chat_model(), container.spend()))
    except KeyboardInterrupt:
        pass
    finally:
        store.close()


async def _then_close(
    chatting: Coroutine[Any, Any, None], model: "ChatModel", spend: "SpendJournalService"
) -> None:
    from entrypoints.spend_drain import drain_spend

    await drain_spend(spend)  # what an earlier run kept while the store was out
    try:
        await chatting
    finally:
        await drain_spend(spend)
        await model.aclose()


def friendly_errors() -> tuple[type[Exception], ...]:
    """The errors told in one line; imported when one is raised, as their modules cost start-up time."""
    from adapters.sql.database_url import InvalidDatabaseUrl
    from application.errors import StoreUnavailable
    from entrypoints.settings import ConfigurationError, StartupFailure

    return (ConfigurationError, StartupFailure, StoreUnavailable, InvalidDatabaseUrl)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; configuration and database problems end with one line on stderr and exit 2."""
    try:
        app(args=argv)
    except Exception as error:
        if not isinstance(error, friendly_errors()):
            raise
        print(f"gptbot: {error}", file=sys.stderr)
        return 2
    return 0


def console_script() -> None:
    sys.exit(main())


if __name__ == "__main__":
    console_script()
