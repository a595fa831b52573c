"""The bot's command menu in a language: each command described by its line of the /help text."""

from aiogram.types import BotCommand

from adapters.telegram.handlers.admin import ADMIN_COMMANDS
from application.messages import text

COMMANDS = (
    "start",
    "help",
    "generate",
    "reset",
    "history",
    "export",
    "usage",
    "model",
    "mode",
    "language",
    "search",
    "voice",
    "subscribe",
)


def command_menu(lang: str, admin: bool = False) -> list[BotCommand]:
    names = COMMANDS + ADMIN_COMMANDS if admin else COMMANDS
    return [BotCommand(command=name, description=describe_command(lang, name)) for name in names]


def describe_command(lang: str, name: str) -> str:
    for line in text("telegram_help", lang).splitlines() + text("admin_help", lang).splitlines():
        names = [
            word.strip(",").lstrip("/") for word in line.split("—", 1)[0].split() if word.startswith("/")
        ]
        if name in names:
            return line.split("—", 1)[-1].strip()[:256]
    return text("command_start", lang) if name == "start" else name
