"""The updates being handled, kept in one place so a stopping bot can let them finish: `drain` waits for
them up to a grace period, then cuts the rest short, and each message cut short tells its user that the
bot restarted and to send it again, and its failure is recorded so that the next start does not answer
it as well (ADR 32)."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update, User

from adapters.telegram.addressing import is_private
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.replying import request_id_of
from adapters.telegram.services import TelegramServices
from application.messages import language_of, text

log = logging.getLogger(__name__)

TELL_GUARD_SECONDS = 5.0
"""How long the notices of replies cut short may take, once the grace has ended."""


class InFlight(BaseMiddleware):
    def __init__(self, messenger: AiogramMessenger) -> None:
        self.messenger = messenger
        self.handling: set[asyncio.Task[Any]] = set()
        self.cutting_short = False

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        task = asyncio.current_task()
        assert task is not None  # aiogram handles every update in a task of its own
        self.handling.add(task)
        try:
            return await handler(event, data)
        except asyncio.CancelledError:
            if self.cutting_short and isinstance(event, Update) and event.message is not None:
                await self._cut_short(event, event.message, data)
            raise
        finally:
            self.handling.discard(task)

    async def drain(self, grace: float) -> int:
        """Waits up to `grace` seconds for the updates in hand, then cancels those still running; the
        number cut short."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while self.handling and (left := deadline - loop.time()) > 0:
            await asyncio.wait(set(self.handling), timeout=left)
        unfinished = set(self.handling)
        if unfinished:
            self.cutting_short = True
            for task in unfinished:
                task.cancel()
            await asyncio.wait(unfinished, timeout=TELL_GUARD_SECONDS)
        return len(unfinished)

    async def _cut_short(self, update: Update, message: Message, data: dict[str, Any]) -> None:
        """The user is told; so the message is marked failed, and the next start does not answer it. A
        user who could not be told gets the answer from the next start instead."""
        if await self._tell_restarted(message, data.get("lang"), data.get("event_from_user")):
            await self._record_cut_short(update, message, data.get("services"))

    async def _tell_restarted(self, message: Message, lang: str | None, user: User | None) -> bool:
        """In `lang`, the language the later middlewares settled on (aiogram hands every outer middleware
        the same `data`, so the /language choice is seen here), else the user's app's."""
        words = text("restarted_unanswered", lang or language_of(user.language_code if user else None))
        reply_to = None if is_private(message) else message.message_id
        try:
            await self.messenger.send_text(message.chat.id, words, reply_to)
        except Exception as error:  # on the way out: nothing more can be done for this message
            log.warning("could not tell a chat that its reply was cut short: %s", error)
            return False
        return True

    async def _record_cut_short(
        self, update: Update, message: Message, services: TelegramServices | None
    ) -> None:
        if services is None:
            return
        try:
            await services.chat.record_failure(message.chat.id, request_id_of(update.update_id), "cut_short")
        except Exception as error:
            log.warning("could not record that a chat was told to send again: %s", error)
