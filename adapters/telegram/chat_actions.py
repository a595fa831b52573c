"""Chat actions ("typing…"): the first one as soon as an update is taken, and a refused one lost quietly.

A message the model will answer shows "typing…" (or "sending a photo…" for a picture) once the gates
have let it through, before anything else is read or written for it; the reply's own sender renews it
after that. The first action waits at most FIRST_ACTION_TIMEOUT_SECONDS for Telegram, so a slow Bot
API cannot hold the reply back for long.

aiogram's ChatActionSender sends chat actions from a task that any error ends: "typing…" would stop for
the rest of the reply and asyncio would log "Task exception was never retrieved". A chat action shows
for a few seconds and the reply follows anyway, so this session middleware answers a refused one with
False (not shown), logged at DEBUG, and the sender tries again at its next interval.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramAPIError
from aiogram.methods import Response, SendChatAction, TelegramMethod
from aiogram.types import Message, TelegramObject, Update

from adapters.telegram.addressing import without_mention
from application.chat.image_requests import image_request_of

log = logging.getLogger(__name__)

FIRST_ACTION_TIMEOUT_SECONDS = 1


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


class FirstChatAction(BaseMiddleware):
    """The last of the update middlewares: what reaches it is answered."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if isinstance(event, Update) and event.message is not None:
            bot: Bot = data["bot"]
            action = await action_for(event.message, bot)
            if action is not None:
                await bot.send_chat_action(
                    event.message.chat.id, action, request_timeout=FIRST_ACTION_TIMEOUT_SECONDS
                )
        return await handler(event, data)


async def action_for(message: Message, bot: Bot) -> ChatAction | None:
    """What the bot will be seen doing for a message the model answers; None for anything else."""
    if message.photo or message.document:
        return ChatAction.TYPING
    words = message.text or ""
    if words.startswith("/"):
        command = words.split(maxsplit=1)[0].split("@")[0]
        return ChatAction.UPLOAD_PHOTO if command == "/generate" and len(words.split()) > 1 else None
    if not words:
        return None
    if image_request_of(without_mention(words, await bot.me())) is not None:
        return ChatAction.UPLOAD_PHOTO
    return ChatAction.TYPING
