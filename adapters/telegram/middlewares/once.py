"""Each update is handled once: a redelivered webhook or a repeated poll result is skipped."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from application.ports import UpdateGuard

log = logging.getLogger(__name__)


class OncePerUpdate(BaseMiddleware):
    def __init__(self, guard: UpdateGuard) -> None:
        self.guard = guard

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update) and not await self.guard.first_time(event.update_id):
            log.info("update %s was already handled; skipped", event.update_id)
            return None
        return await handler(event, data)
