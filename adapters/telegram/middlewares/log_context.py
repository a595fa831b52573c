"""The update a log record was written for: its id and its user, known to every record written while the
update is handled (contextvars follow the update's task and the tasks it starts)."""

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from adapters.telegram.replying import request_id_of

update_in_hand: ContextVar[int | None] = ContextVar("update_in_hand", default=None)
user_in_hand: ContextVar[int | None] = ContextVar("user_in_hand", default=None)


def request_in_hand() -> str | None:
    update_id = update_in_hand.get()
    return None if update_id is None else request_id_of(update_id)


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
