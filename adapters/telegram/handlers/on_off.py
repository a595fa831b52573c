"""Commands that switch one of the user's choices on or off: `/<command> on|off`, and `/<command>` alone
to tell which way it is. What differs between them is here as a Switch: its texts, how the choice is
read and made, and what says the deployment does not offer it."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from adapters.telegram.services import TelegramServices
from application.chat.preferences import PreferencesService
from application.messages import text

WORDS = {"on": True, "off": False}


def _offered(services: TelegramServices, lang: str) -> str | None:
    return None


def _no_reason(error: Exception, lang: str) -> str | None:
    return None


@dataclass(frozen=True)
class Switch:
    command: str
    usage: str
    """The text's key that shows how to use the command, after a word other than on or off."""
    on: str
    off: str
    read: Callable[[PreferencesService, int], Awaitable[bool]]
    choose: Callable[[PreferencesService, int, bool], Awaitable[bool]]
    unoffered: Callable[[TelegramServices, str], str | None] = _offered
    """What to say instead when the deployment does not offer it, known before the choice is read."""
    refusal: Callable[[Exception, str], str | None] = _no_reason
    """What to say for an error of reading or making the choice, when it means more than an outage."""


def on_off_router(switch: Switch) -> Router:
    router = Router(name=switch.command)

    @router.message(Command(switch.command))
    async def flip(
        message: Message,
        command: CommandObject,
        services: TelegramServices,
        preferences: PreferencesService,
        lang: str,
    ) -> None:
        user_id = message.from_user.id if message.from_user else message.chat.id
        word = (command.args or "").strip().lower()
        if word and word not in WORDS:
            await services.replies.tell(message, text(switch.usage, lang))
            return
        if (unoffered := switch.unoffered(services, lang)) is not None:
            await services.replies.tell(message, unoffered)
            return
        try:
            if word:
                on = await switch.choose(preferences, user_id, WORDS[word])
            else:
                on = await switch.read(preferences, user_id)
        except Exception as error:
            reason = switch.refusal(error, lang) or services.replies.explain(error, lang)
            await services.replies.tell(message, reason)
            return
        await services.replies.tell(message, text(switch.on if on else switch.off, lang))

    return router
