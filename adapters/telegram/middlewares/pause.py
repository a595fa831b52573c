"""While the bot is paused, everyone but admins is told so and the model is not called; a text message or
a request for a picture is kept in the conversation (the model sees it with the user's next message after
the bot resumes), anything else is asked for again later. /subscribe stays open, as before the pause."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import Message, TelegramObject, Update

from adapters.telegram.addressing import is_private, without_mention
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.replying import request_id_of
from application.admin.pause import PauseService
from application.chat.image_requests import image_request_of
from application.chat.replies import describe_failure
from application.chat.service import ChatService
from application.errors import StoreUnavailable
from application.messages import text
from domain.access import AccessDecision, AccessReason

log = logging.getLogger(__name__)


class PausedGate(BaseMiddleware):
    def __init__(self, pause: PauseService, chat: ChatService, messenger: AiogramMessenger) -> None:
        self.pause, self.chat, self.messenger = pause, chat, messenger

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        decision: AccessDecision | None = data.get("access_decision")
        if not isinstance(event, Update) or decision is None or decision.reason is AccessReason.ADMIN:
            return await handler(event, data)
        try:
            paused = await self.pause.is_paused()
        except StoreUnavailable as error:
            log.warning("pause state unreadable, answering as usual: %s", error)
            paused = False
        if not paused:
            return await handler(event, data)
        lang: str = data["lang"]
        if event.callback_query is not None:
            await self.messenger.answer_callback(
                event.callback_query.id, text("paused_not_kept", lang), alert=True
            )
            return None
        message = event.message or event.edited_message
        if message is None:
            return None
        words = await self._keep(event, message, data["bot"], lang) if event.message else None
        reply_to = None if is_private(message) else message.message_id
        await self.messenger.send_text(message.chat.id, words or text("paused_not_kept", lang), reply_to)
        return None

    async def _keep(self, update: Update, message: Message, bot: Bot, lang: str) -> str | None:
        """Stores a text message or a request for a picture (/generate, or "draw a cat") as the model
        would have had it; the sentence for the user, or None when it is not something to keep."""
        if not message.text:
            return None
        words = without_mention(message.text, await bot.me())
        description = _generate_description(words) if words.startswith("/") else image_request_of(words)
        if words.startswith("/") and description is None:
            return None
        request_id = request_id_of(update.update_id)
        try:
            if description is not None:
                await self.chat.keep_image_request(message.chat.id, description, request_id)
            else:
                await self.chat.keep_message(message.chat.id, words, request_id)
        except Exception as error:
            described = describe_failure(error, lang)
            if described is None:
                log.exception("a message could not be kept while paused", exc_info=error)
                return text("unexpected_error", lang)
            return described
        return text("paused_kept", lang)


def _generate_description(words: str) -> str | None:
    """The description of a /generate command, None for any other command or a /generate without one."""
    command, *rest = words.split(maxsplit=1)
    return rest[0].strip() if command == "/generate" and rest else None
