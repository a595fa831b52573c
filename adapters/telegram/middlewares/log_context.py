"""The update a log record was written for: its id and its user, set for the time the update is handled."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from adapters.telegram.update_context import update_in_hand, user_in_hand


class LogContext(BaseMiddleware):
    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        update = update_in_hand.set(event.update_id if isinstance(event, Update) else None)
        person = user_in_hand.set(user.id if user else None)
        try:
            return await handler(event, data)
        finally:
            user_in_hand.reset(person)
            update_in_hand.reset(update)
