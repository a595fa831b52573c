"""Telegram's send rates for the whole bot, as one session middleware: every call that puts something
in a chat (send*, edit*, copy*, forward*; not chat actions, reads or callback answers) first waits for
a slot under its chat's limit, then for one under the bot's, so the workers sharing the slots stay under
Telegram's limits together and a 429 is the exception. The bot's slot is taken only once the chat's has
come: a send waiting seconds for a busy group holds no place in the bot's line meanwhile.

A preview (see retry.as_preview) does not wait beyond PREVIEW_PATIENCE_SECONDS: it is refused as a 429
would refuse it, without a slot, and its reply holds the next preview off meanwhile; the finished reply
always waits for its slot, so it is delayed, never dropped.
"""

import asyncio
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, SendChatAction, TelegramMethod

from adapters.telegram.retry import in_preview
from application.ports import SendSlots
from application.send_limits import Limit

PREVIEW_PATIENCE_SECONDS = 0.25
SENDING_PREFIXES = ("send", "edit", "copy", "forward")


@dataclass(frozen=True)
class TelegramRates:
    """Telegram's documented limits; a rate of 0 lifts that limit."""

    per_bot_per_second: float = 30.0
    per_private_chat_per_second: float = 1.0
    private_chat_burst: int = 3
    per_group_per_minute: float = 20.0
    group_burst: int = 3

    def bot_limits(self, bot_id: int) -> list[Limit]:
        return [Limit(f"{bot_id}:bot", 1 / self.per_bot_per_second)] if self.per_bot_per_second > 0 else []

    def chat_limits(self, bot_id: int, chat_id: object) -> list[Limit]:
        key = f"{bot_id}:chat:{chat_id}"
        if chat_id is None:  # an inline message: no chat of ours to count it against
            return []
        if isinstance(chat_id, int) and chat_id > 0:  # users' ids are positive, groups' and channels' not
            if self.per_private_chat_per_second > 0:
                return [Limit(key, 1 / self.per_private_chat_per_second, self.private_chat_burst)]
        elif self.per_group_per_minute > 0:
            return [self._group_limit(key)]
        return []

    def _group_limit(self, key: str) -> Limit:
        # A burst of b and then one send per 60/(rate - b) seconds: never more than the rate in any
        # minute, which is how Telegram counts a group's messages.
        if self.group_burst <= 1 or self.per_group_per_minute <= self.group_burst:
            return Limit(key, 60 / self.per_group_per_minute)
        return Limit(key, 60 / (self.per_group_per_minute - self.group_burst), self.group_burst)


def puts_in_a_chat(method: TelegramMethod[Any]) -> bool:
    return not isinstance(method, SendChatAction) and method.__api_method__.startswith(SENDING_PREFIXES)


class SendLimits(BaseRequestMiddleware):
    def __init__(
        self,
        slots: SendSlots,
        rates: TelegramRates | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.slots, self.rates, self.sleep = slots, rates or TelegramRates(), sleep

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        if not puts_in_a_chat(method):
            return await make_request(bot, method)
        patience = PREVIEW_PATIENCE_SECONDS if in_preview() else None
        for limits in (self.rates.chat_limits(bot.id, chat_of(method)), self.rates.bot_limits(bot.id)):
            if not limits:
                continue
            slot = await self.slots.take(limits, patience)
            if not slot.taken:
                raise TelegramRetryAfter(
                    method=method, message="send limit reached", retry_after=max(1, math.ceil(slot.delay))
                )
            if slot.delay > 0:
                await self.sleep(slot.delay)
        return await make_request(bot, method)


def chat_of(method: TelegramMethod[Any]) -> object:
    """The chat the call writes to: an int id, an @username (a channel), or None (inline messages)."""
    chat_id = getattr(method, "chat_id", None)
    if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
        return int(chat_id)
    return chat_id
