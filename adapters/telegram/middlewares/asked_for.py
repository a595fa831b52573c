"""Only the update types the bot asked Telegram for: any other kind (one not asked for, or one this
aiogram does not know) is dropped before anything reads the store or calls the Bot API for it."""

import logging
from collections.abc import Awaitable, Callable, Collection
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

log = logging.getLogger(__name__)


def kind_of(update: Update) -> str | None:
    try:
        return update.event_type
    except UpdateTypeLookupError:
        return None


class AskedForOnly(BaseMiddleware):
    def __init__(self, kinds: Collection[str]) -> None:
        self.kinds = frozenset(kinds)

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return None
        kind = kind_of(event)
        if kind not in self.kinds:
            log.info("update %s dropped: the bot does not ask for %s", event.update_id, kind or "its kind")
            return None
        return await handler(event, data)
