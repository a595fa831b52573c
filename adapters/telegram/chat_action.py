"""'typing…' (or 'sending a photo…') while the user waits: sent at once, then renewed before Telegram drops it."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from aiogram.exceptions import TelegramAPIError

from adapters.telegram.messenger import AiogramMessenger

log = logging.getLogger(__name__)

RENEW_EVERY_SECONDS = 4.5  # Telegram shows a chat action for about five seconds


@asynccontextmanager
async def chat_action(
    messenger: AiogramMessenger, chat_id: int, action: str = "typing", after: float = 0.0
) -> AsyncIterator[None]:
    """Shows the action from `after` seconds on (never, if the block ends sooner) until the block ends."""

    async def keep_showing() -> None:
        if after > 0:
            await asyncio.sleep(after)
        while True:
            try:
                await messenger.show_action(chat_id, action)
            except TelegramAPIError as error:  # a lost chat action costs nothing, a 429 included
                log.debug("chat action not shown: %s", error)
            await asyncio.sleep(RENEW_EVERY_SECONDS)

    task = asyncio.create_task(keep_showing())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
