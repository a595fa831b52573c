"""Counts every update the dispatcher takes, by its type and how its handling ended."""

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import TelegramObject, Update
from aiogram.types.update import UpdateTypeLookupError

from application.ports import Metrics


class CountedUpdates(BaseMiddleware):
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = update_type(event)
        try:
            result = await handler(event, data)
        except Exception:
            self.metrics.update_handled(kind, "failed")
            raise
        self.metrics.update_handled(kind, "unhandled" if result is UNHANDLED else "handled")
        return result


def update_type(event: TelegramObject) -> str:
    if not isinstance(event, Update):
        return "unknown"
    try:
        return event.event_type
    except UpdateTypeLookupError:
        return "unknown"
