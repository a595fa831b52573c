"""Photos and documents: checked from what Telegram says about them, downloaded, then answered by the
attachment use case; every refusal is a sentence the user can act on."""

import logging

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from adapters.telegram.replying import ReplyFlow
from application.chat.attachments import AttachmentLimits, AttachmentService
from application.chat.file_checks import FileKind, FileOffer, check_offer, describe_refusal, limit_of
from application.messages import text
from application.model_io import AttachmentProblem, AttachmentRefused, Upload

log = logging.getLogger(__name__)


class FileFlow:
    def __init__(
        self, bot: Bot, replies: ReplyFlow, attachments: AttachmentService | None, limits: AttachmentLimits
    ) -> None:
        self.bot, self.replies, self.attachments, self.limits = bot, replies, attachments, limits

    async def answer(
        self, message: Message, offer: FileOffer, file_id: str, caption: str, request_id: str, lang: str
    ) -> None:
        def refusal(error: Exception) -> str | None:
            if isinstance(error, AttachmentRefused):
                return describe_refusal(error, offer.kind, self.limits, lang)
            return None

        try:
            check_offer(offer, self.limits)
        except AttachmentRefused as refused:
            await self.replies.tell(message, describe_refusal(refused, offer.kind, self.limits, lang))
            return
        if self.attachments is None:
            await self.replies.tell(message, text("file_reading_unavailable", lang))
            return
        try:
            data = await self.download(file_id, limit_of(offer.kind, self.limits))
        except AttachmentRefused as refused:
            await self.replies.tell(message, describe_refusal(refused, offer.kind, self.limits, lang))
            return
        except (TelegramAPIError, aiohttp.ClientError, TimeoutError) as error:
            log.warning("download of a %s failed: %s", offer.kind.value, error)
            await self.replies.tell(message, text("file_download_failed", lang))
            return
        upload = Upload(offer.filename, data, offer.mime_type)
        attachments, chat_id, user_id = (
            self.attachments,
            message.chat.id,
            message.from_user.id if message.from_user else 0,
        )
        send = attachments.send_photo if offer.kind is FileKind.IMAGE else attachments.send_document
        await self.replies.answer(
            message,
            lang,
            lambda preview: send(chat_id, user_id, upload, caption, request_id, preview),
            refusal,
        )

    async def download(self, file_id: str, limit: int) -> bytes:
        file = await self.bot.get_file(file_id)
        if file.file_size is not None and file.file_size > limit:
            raise AttachmentRefused(AttachmentProblem.TOO_LARGE, f"{file.file_size} bytes")
        if file.file_path is None:
            raise AttachmentRefused(AttachmentProblem.CORRUPT, "Telegram gave no path for the file")
        content = await self.bot.download_file(file.file_path)
        return b"" if content is None else content.read()
