"""/start, /help, /reset, /history, /export, /usage and unknown commands."""

from collections.abc import Awaitable

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from adapters.telegram.handlers.filters import command_text
from adapters.telegram.history import history_chunks
from adapters.telegram.services import TelegramServices
from application.chat.export import ExportFormat
from application.chat.replies import describe_usage
from application.messages import text


def commands_router() -> Router:
    router = Router(name="commands")

    @router.message(CommandStart())
    async def start(message: Message, services: TelegramServices, lang: str) -> None:
        await services.replies.tell(
            message, text("telegram_welcome", lang) + "\n\n" + text("telegram_help", lang)
        )

    @router.message(Command("help"))
    async def help_(message: Message, services: TelegramServices, lang: str) -> None:
        await services.replies.tell(message, text("telegram_help", lang))

    @router.message(Command("reset"))
    async def reset(message: Message, services: TelegramServices, lang: str) -> None:
        await guarded(message, services, lang, _reset(message, services, lang))

    @router.message(Command("history"))
    async def history(message: Message, services: TelegramServices, lang: str) -> None:
        await guarded(message, services, lang, _history(message, services, lang))

    @router.message(Command("export"))
    async def export(message: Message, command: CommandObject, services: TelegramServices, lang: str) -> None:
        await guarded(message, services, lang, _export(message, command, services, lang))

    @router.message(Command("usage"))
    async def usage(message: Message, services: TelegramServices, lang: str) -> None:
        await guarded(message, services, lang, _usage(message, services, lang))

    @router.message(command_text)
    async def unknown(message: Message, services: TelegramServices, lang: str) -> None:
        command = (message.text or "").split(maxsplit=1)[0]
        await services.replies.tell(message, text("unknown_command", lang, command=command))

    return router


async def guarded(message: Message, services: TelegramServices, lang: str, work: Awaitable[None]) -> None:
    """Runs a command; a failure the user can act on becomes a sentence, anything else a short apology."""
    try:
        await work
    except Exception as error:
        await services.replies.tell(message, services.replies.explain(error, lang))


async def _reset(message: Message, services: TelegramServices, lang: str) -> None:
    await services.chat.reset(message.chat.id)
    await services.replies.tell(message, text("reset_done", lang))


async def _history(message: Message, services: TelegramServices, lang: str) -> None:
    await services.replies.show(message, history_chunks(await services.chat.history(message.chat.id), lang))


async def _export(message: Message, command: CommandObject, services: TelegramServices, lang: str) -> None:
    fmt = ExportFormat.TEXT if (command.args or "").strip().lower() == "txt" else ExportFormat.MARKDOWN
    exported = await services.chat.export(message.chat.id, fmt, lang)
    await services.messenger.send_file(
        message.chat.id, exported.filename, exported.content.encode("utf-8"), text("export_caption", lang)
    )


async def _usage(message: Message, services: TelegramServices, lang: str) -> None:
    user_id = message.from_user.id if message.from_user else message.chat.id
    await services.replies.tell(message, describe_usage(await services.usage.summary(user_id), lang))
