"""A Bot API answer's pydantic model, built once per method instead of after every garbage collection.

aiogram reads each answer through `Response[T]`, T the method's result type. pydantic keeps such
parametrized models only weakly (a WeakValueDictionary), and a model class sits in reference cycles,
so every pass of the cycle collector drops them and the next call builds the model and its schema
again: milliseconds each time, on the event loop, about once a second on a busy bot. This session
middleware holds the model of every method the bot calls, from its first call on.
"""

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.methods import Response, TelegramMethod


class KeptResponseTypes(BaseRequestMiddleware):
    def __init__(self) -> None:
        self.kept: dict[type, type[Response[Any]]] = {}

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        kind = type(method)
        if kind not in self.kept:
            self.kept[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)
