"""Voice messages, audio files and video notes: checked from what Telegram says about them, downloaded,
transcribed, the transcript shown quoted, then answered like a text message (ADR 50)."""

import html
import logging
from dataclasses import dataclass

import aiohttp
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message

from adapters.telegram.replying import ReplyFlow
from adapters.telegram.speech import SpokenReplies
from adapters.telegram.split import split_html
from application.chat.service import ChatService
from application.chat.voice import AudioLimits, AudioProblem, AudioRefused, VoiceService, check_audio
from application.messages import counted, text
from application.model_io import AudioInput

log = logging.getLogger(__name__)

BYTES_PER_MB = 1024 * 1024
EXPANDABLE_FROM = 300
"""A transcript longer than this (in characters) is shown collapsed, for the reader to open."""


class NoFilePath(Exception):
    pass


@dataclass(frozen=True)
class AudioOffer:
    """Audio as announced in a message: its file, name, declared type, length and size."""

    file_id: str
    filename: str
    mime_type: str
    seconds: int
    size: int | None


def quoted(transcript: str) -> list[str]:
    """The transcript as Telegram HTML quotes, collapsed when long, split to Telegram's length."""
    tag = "blockquote expandable" if len(transcript) > EXPANDABLE_FROM else "blockquote"
    body = html.escape(transcript, quote=False)
    return [chunk for chunk in split_html(f"<{tag}>{body}</blockquote>") if chunk.strip()]


def describe_refusal(refused: AudioRefused, limits: AudioLimits, lang: str | None) -> str:
    if refused.problem is AudioProblem.TOO_LONG:
        minutes, seconds = divmod(limits.max_seconds, 60)
        limit = (
            counted("n_seconds", limits.max_seconds, lang) if seconds else counted("n_minutes", minutes, lang)
        )
        return text("voice_too_long", lang, limit=limit)
    if refused.problem is AudioProblem.TOO_LARGE:
        return text("voice_too_large", lang, limit=f"{limits.max_bytes / BYTES_PER_MB:g}")
    return text("voice_silent", lang)


class VoiceFlow:
    def __init__(
        self,
        bot: Bot,
        replies: ReplyFlow,
        voice: VoiceService | None,
        chat: ChatService,
        spoken: SpokenReplies | None = None,
    ) -> None:
        self.bot, self.replies, self.voice, self.chat = bot, replies, voice, chat
        self.spoken = spoken

    async def answer(self, message: Message, offer: AudioOffer, request_id: str, lang: str) -> None:
        if self.voice is None:
            await self.replies.tell(message, text("voice_unavailable", lang))
            return
        limits = self.voice.limits
        try:
            check_audio(offer.seconds, offer.size, limits)
        except AudioRefused as refused:
            await self.replies.tell(message, describe_refusal(refused, limits, lang))
            return
        try:
            data = await self.download(offer.file_id, limits.max_bytes)
        except AudioRefused as refused:
            await self.replies.tell(message, describe_refusal(refused, limits, lang))
            return
        except (TelegramAPIError, aiohttp.ClientError, TimeoutError, NoFilePath) as error:
            log.warning("download of a voice message failed: %s", error)
            await self.replies.tell(message, text("file_download_failed", lang))
            return
        chat_id, user_id = message.chat.id, message.from_user.id if message.from_user else 0
        audio = AudioInput(offer.filename, data, offer.mime_type, offer.seconds, request_id)
        try:
            async with self.replies.messenger.showing(chat_id):
                transcript = await self.voice.transcribe(user_id, audio)
        except AudioRefused as refused:
            await self.replies.tell(message, describe_refusal(refused, limits, lang))
            return
        except Exception as error:
            await self.replies.tell(message, self.replies.explain(error, lang))
            return
        await self.replies.show(message, quoted(transcript.text))
        reply = await self.replies.answer(
            message,
            lang,
            lambda preview: self.chat.send_message(chat_id, user_id, transcript.text, request_id, preview),
        )
        if self.spoken is not None:
            await self.spoken.follow(message, reply, request_id, lang)

    async def download(self, file_id: str, limit: int) -> bytes:
        file = await self.bot.get_file(file_id)
        if file.file_size is not None and file.file_size > limit:
            raise AudioRefused(AudioProblem.TOO_LARGE, f"{file.file_size} bytes")
        if file.file_path is None:
            raise NoFilePath("Telegram gave no path for the file")
        content = await self.bot.download_file(file.file_path)
        return b"" if content is None else content.read()
