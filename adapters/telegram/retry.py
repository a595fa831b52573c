"""Telegram's 429 answers, honoured for the whole bot by one session middleware: it waits the
retry_after Telegram asks for (capped) and sends the call again, a bounded number of times.

A 429 means Telegram did not carry out the call, so sending it again cannot duplicate it. Previews are
not retried: a chat action, or a call made inside `as_preview()` (drafts and the group placeholder's
edits), raises TelegramRetryAfter at once, so the reply holds its previews off for retry_after instead
of keeping the model waiting; the next preview or the finished reply replaces the lost one anyway.
"""

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import Response, SendChatAction, TelegramMethod

log = logging.getLogger(__name__)

DEFAULT_MAX_WAIT_SECONDS = 30.0
DEFAULT_ATTEMPTS = 5

_previewing: ContextVar[bool] = ContextVar("telegram_previewing", default=False)


@contextmanager
def as_preview() -> Iterator[None]:
    """The calls made inside are previews: a 429 is raised to the caller, never waited out."""
    token = _previewing.set(True)
    try:
        yield
    finally:
        _previewing.reset(token)


def in_preview() -> bool:
    """Whether the call being made is a preview (see as_preview)."""
    return _previewing.get()


class RetryAfter(BaseRequestMiddleware):
    def __init__(self, max_wait: float = DEFAULT_MAX_WAIT_SECONDS, attempts: int = DEFAULT_ATTEMPTS) -> None:
        self.max_wait, self.attempts = max_wait, attempts

    async def __call__(
        self, make_request: NextRequestMiddlewareType[Any], bot: Bot, method: TelegramMethod[Any]
    ) -> Response[Any]:
        if _previewing.get() or isinstance(method, SendChatAction):
            return await make_request(bot, method)
        for attempt in range(1, self.attempts):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as busy:
                wait = min(float(busy.retry_after), self.max_wait)
                log.warning(
                    "Telegram rate limit on %s: waiting %.1fs (attempt %d of %d)",
                    method.__api_method__,
                    wait,
                    attempt,
                    self.attempts,
                )
                await asyncio.sleep(wait)
        return await make_request(bot, method)
