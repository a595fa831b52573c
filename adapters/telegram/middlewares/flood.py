"""Flood control on every update from a user, before anything reads the store: a user over the limit
is told to slow down once, and their updates until the minute passes are dropped (never stored, never
sent to the model, never charged)."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from adapters.telegram.addressing import is_private
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.middlewares.context import chosen_language
from application.access.flood import FloodControl, Intake
from application.chat.preferences import PreferencesService
from application.messages import text

log = logging.getLogger(__name__)


class FloodGate(BaseMiddleware):
    def __init__(
        self, flood: FloodControl, messenger: AiogramMessenger, preferences: PreferencesService | None = None
    ) -> None:
        self.flood, self.messenger, self.preferences = flood, messenger, preferences

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if not isinstance(event, Update) or user is None or user.is_bot:
            return await handler(event, data)
        intake = await self.flood.admit(user.id)
        if intake is Intake.ADMIT:
            return await handler(event, data)
        if intake is Intake.SLOW_DOWN:
            log.info(
                "user %s is over the message limit: told to slow down, dropping until the minute ends",
                user.id,
            )
            await self._tell(event, text("flood_slow_down", await self._language(user, data["lang"])))
        return None

    async def _language(self, user: User, app_language: str) -> str:
        """The language chosen with /language, read only for the one warning a minute: the updates
        dropped unread cause no store read."""
        if self.preferences is None:
            return app_language
        return await chosen_language(self.preferences, user, app_language)

    async def _tell(self, update: Update, words: str) -> None:
        if update.callback_query is not None:
            await self.messenger.answer_callback(update.callback_query.id, words, alert=True)
            return
        message = update.message or update.edited_message
        if message is not None:
            reply_to = None if is_private(message) else message.message_id
            await self.messenger.send_text(message.chat.id, words, reply_to)
