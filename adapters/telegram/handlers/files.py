"""Photos, documents (images sent as files included), voice messages, audio files and video notes, and
every other kind of message."""

from aiogram import Bot, Router
from aiogram.types import Message, Update

from adapters.telegram.addressing import without_mention
from adapters.telegram.handlers.filters import has_audio, has_document, has_photo
from adapters.telegram.replying import request_id_of
from adapters.telegram.services import TelegramServices
from adapters.telegram.voice import AudioOffer
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

    @router.message(has_audio)
    async def on_audio(message: Message, event_update: Update, services: TelegramServices, lang: str) -> None:
        request_id = request_id_of(event_update.update_id)
        await services.voice.answer(message, audio_offer_of(message), request_id, lang)

    @router.message()
    async def on_anything_else(message: Message, services: TelegramServices, lang: str) -> None:
        await services.replies.tell(message, text("unsupported_message", lang))

    return router


def audio_offer_of(message: Message) -> AudioOffer:
    """What Telegram says of the voice message, audio file or video note: OGG/Opus voice, MP4 video
    notes, audio files as they were sent."""
    if message.voice is not None:
        voice = message.voice
        return AudioOffer(
            voice.file_id, "voice.ogg", voice.mime_type or "audio/ogg", voice.duration, voice.file_size
        )
    if message.video_note is not None:
        note = message.video_note
        return AudioOffer(note.file_id, "video-note.mp4", "video/mp4", note.duration, note.file_size)
    audio = message.audio
    assert audio is not None  # the filter guarantees it
    filename = audio.file_name or "audio.mp3"
    return AudioOffer(
        audio.file_id, filename, audio.mime_type or "audio/mpeg", audio.duration, audio.file_size
    )
