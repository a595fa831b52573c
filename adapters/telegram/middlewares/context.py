"""What every handler needs to know about an update: the user's language and whether it is for the bot."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import TelegramObject, Update, User

from adapters.telegram.addressing import is_addressed
from application.messages import language_of


class UserLanguage(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        data["lang"] = language_of(user.language_code if user else None)
        return await handler(event, data)


class AddressedOnly(BaseMiddleware):
    """Drops group messages meant for other people before anything else looks at them."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update):
            message = event.message or event.edited_message
            if message is not None:
                bot: Bot = data["bot"]
                if not is_addressed(message, await bot.me()):
                    return None
        return await handler(event, data)
