"""Pictures on request (/generate, or "draw a cat"): 'sending a photo…' while the model draws, then the photo."""

import logging

from aiogram.types import Message

from adapters.telegram import markup
from adapters.telegram.addressing import is_private
from adapters.telegram.messenger import RENEW_ACTION_SECONDS, AiogramMessenger
from adapters.telegram.replying import ReplyFlow
from adapters.telegram.split import utf16_length
from application.chat.service import ChatService

log = logging.getLogger(__name__)

EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
TELEGRAM_CAPTION_LIMIT = 1024  # UTF-16 units of visible text
ELLIPSIS = "…"


def caption_of(description: str, limit: int = TELEGRAM_CAPTION_LIMIT) -> str:
    """The picture's description as its caption (HTML), cut with an ellipsis to fit Telegram's limit."""
    if utf16_length(description) > limit:
        kept: list[str] = []
        units = utf16_length(ELLIPSIS)
        for char in description:
            units += utf16_length(char)
            if units > limit:
                break
            kept.append(char)
        description = "".join(kept).rstrip() + ELLIPSIS
    return markup.text(description)


class ImageFlow:
    def __init__(self, chat: ChatService, messenger: AiogramMessenger, replies: ReplyFlow) -> None:
        self.chat, self.messenger, self.replies = chat, messenger, replies

    async def answer(self, message: Message, description: str, request_id: str, lang: str) -> None:
        user_id = message.from_user.id if message.from_user else message.chat.id
        try:
            # the first "sending a photo…" went out as the update was taken (chat_actions.FirstChatAction)
            async with self.messenger.showing(message.chat.id, "upload_photo", after=RENEW_ACTION_SECONDS):
                image = await self.chat.generate_image(message.chat.id, user_id, description, request_id)
        except Exception as error:
            await self.replies.tell(message, self.replies.explain(error, lang))
            return
        if image.repeated:
            log.info("picture for %s was already sent", request_id)
            return
        filename = f"picture.{EXTENSIONS.get(image.mime_type, 'png')}"
        reply_to = None if is_private(message) else message.message_id
        await self.messenger.send_photo(
            message.chat.id, filename, image.data, caption_of(description), reply_to
        )
