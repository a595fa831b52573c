"""Telegram's 429 answers, honoured: wait the retry_after it asks for (capped) and send again."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiogram.exceptions import TelegramRetryAfter

T = TypeVar("T")
log = logging.getLogger(__name__)

DEFAULT_MAX_WAIT_SECONDS = 30.0
DEFAULT_ATTEMPTS = 5


async def honouring_retry_after(
    send: Callable[[], Awaitable[T]],
    max_wait: float = DEFAULT_MAX_WAIT_SECONDS,
    attempts: int = DEFAULT_ATTEMPTS,
) -> T:
    """A 429 means Telegram did not carry out the call, so sending it again cannot duplicate it."""
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except TelegramRetryAfter as busy:
            if attempt == attempts:
                raise
            wait = min(float(busy.retry_after), max_wait)
            log.warning("Telegram rate limit on %s: waiting %.0fs", busy.method.__api_method__, wait)
            await asyncio.sleep(wait)
    raise AssertionError("unreachable")
