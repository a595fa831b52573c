"""A chat action ("typing…") that Telegram refuses is lost quietly.

aiogram's ChatActionSender sends chat actions from a task that any error ends: "typing…" would stop for
the rest of the reply and asyncio would log "Task exception was never retrieved". A chat action shows
for a few seconds and the reply follows anyway, so this session middleware answers a refused one with
False (not shown), logged at DEBUG, and the sender tries again at its next interval.
"""

import logging
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import Response, SendChatAction, TelegramMethod

log = logging.getLogger(__name__)


class QuietChatActions(BaseRequestMiddleware):
    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        if not isinstance(method, SendChatAction):
            return await make_request(bot, method)
        try:
            return await make_request(bot, method)
        except TelegramAPIError as error:
            log.debug("chat action not shown: %s", error)
            # aiogram's chain carries the method's result (here a bool), whatever its annotations say
            return cast(Response[Any], False)
