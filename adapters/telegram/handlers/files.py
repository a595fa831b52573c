"""Photos and documents (images sent as files included), and every other kind of message."""

from aiogram import Bot, Router
from aiogram.types import Message, Update

from adapters.telegram.addressing import without_mention
from adapters.telegram.handlers.filters import has_document, has_photo
from adapters.telegram.replying import request_id_of
from adapters.telegram.services import TelegramServices
from application.chat.file_checks import FileKind, FileOffer, kind_of_document
from application.messages import text


def files_router() -> Router:
    router = Router(name="files")

    @router.message(has_photo)
    async def on_photo(
        message: Message, bot: Bot, event_update: Update, services: TelegramServices, lang: str
    ) -> None:
        largest = max(message.photo or [], key=lambda size: size.width * size.height)
        offer = FileOffer(
            FileKind.IMAGE, f"photo-{largest.file_unique_id}.jpg", "image/jpeg", largest.file_size
        )
        caption = without_mention(message.caption or "", await bot.me())
        request_id = request_id_of(event_update.update_id)
        await services.files.answer(message, offer, largest.file_id, caption, request_id, lang)

    @router.message(has_document)
    async def on_document(
        message: Message, bot: Bot, event_update: Update, services: TelegramServices, lang: str
    ) -> None:
        document = message.document
        assert document is not None  # the filter guarantees it
        filename, mime_type = document.file_name or "document", document.mime_type or ""
        offer = FileOffer(kind_of_document(filename, mime_type), filename, mime_type, document.file_size)
        caption = without_mention(message.caption or "", await bot.me())
        request_id = request_id_of(event_update.update_id)
        await services.files.answer(message, offer, document.file_id, caption, request_id, lang)

    @router.message()
    async def on_anything_else(message: Message, services: TelegramServices, lang: str) -> None:
        await services.replies.tell(message, text("unsupported_message", lang))

    return router
