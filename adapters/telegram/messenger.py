"""Sending to Telegram: rendered replies split to fit, plain texts, files, drafts, edits and chat actions.

The bot's session waits out 429s (adapters/telegram/retry.py) for everything but previews; a reply
Telegram cannot parse as HTML is sent again as plain text.
"""

import html
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from aiogram.utils.chat_action import ChatActionSender

from adapters.telegram.render import plain_text_fallback, to_telegram_html
from adapters.telegram.retry import as_preview
from adapters.telegram.split import split_html

log = logging.getLogger(__name__)

HTML = "HTML"
RENEW_ACTION_SECONDS = 4.5  # Telegram shows a chat action for about five seconds
NO_LINK_PREVIEW = LinkPreviewOptions(is_disabled=True)


def is_parse_error(error: TelegramBadRequest) -> bool:
    return "parse entities" in error.message or "can't parse" in error.message.lower()


def is_not_modified(error: TelegramBadRequest) -> bool:
    return "not modified" in error.message


def replying_to(message_id: int | None) -> ReplyParameters | None:
    return (
        None
        if message_id is None
        else ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
    )


def render_chunks(markdown: str) -> list[str]:
    """The model's Markdown as Telegram HTML messages of at most 4096 characters each."""
    return [chunk for chunk in split_html(to_telegram_html(markdown)) if chunk.strip()]


class AiogramMessenger:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_chunks(
        self, chat_id: int, chunks: list[str], reply_to: int | None = None
    ) -> list[Message]:
        """A rendered reply (render_chunks), one message per chunk, in order."""
        return [await self.send_html(chat_id, chunk, reply_to) for chunk in chunks]

    async def send_plain(self, chat_id: int, text: str, reply_to: int | None = None) -> list[Message]:
        """Text that is not Markdown (ours or a history), escaped and split like a reply."""
        chunks = split_html(html.escape(text, quote=False))
        return [await self.send_html(chat_id, chunk, reply_to) for chunk in chunks if chunk.strip()]

    async def send_html(
        self,
        chat_id: int,
        html: str,
        reply_to: int | None = None,
        buttons: InlineKeyboardMarkup | None = None,
        link_previews: bool = True,
    ) -> Message:
        try:
            return await self.bot.send_message(
                chat_id,
                html,
                parse_mode=HTML,
                reply_parameters=replying_to(reply_to),
                reply_markup=buttons,
                link_preview_options=None if link_previews else NO_LINK_PREVIEW,
            )
        except TelegramBadRequest as error:
            if not is_parse_error(error):
                raise
            log.warning("Telegram refused a rendered reply (%s); sending it as plain text", error.message)
            return await self.send_text(chat_id, plain_text_fallback(html), reply_to, buttons)

    async def send_text(
        self,
        chat_id: int,
        text: str,
        reply_to: int | None = None,
        buttons: InlineKeyboardMarkup | None = None,
    ) -> Message:
        return await self.bot.send_message(
            chat_id, text, parse_mode=None, reply_parameters=replying_to(reply_to), reply_markup=buttons
        )

    async def edit_html(self, chat_id: int, message_id: int, html: str) -> None:
        """Replace a message's text; an edit to the same text is not an error."""
        try:
            await self.bot.edit_message_text(html, chat_id=chat_id, message_id=message_id, parse_mode=HTML)
        except TelegramBadRequest as error:
            if is_not_modified(error):
                return
            if not is_parse_error(error):
                raise
            await self.edit_text(chat_id, message_id, plain_text_fallback(html))

    async def edit_text(
        self, chat_id: int, message_id: int, text: str, buttons: InlineKeyboardMarkup | None = None
    ) -> None:
        try:
            await self.bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, parse_mode=None, reply_markup=buttons
            )
        except TelegramBadRequest as error:
            if not is_not_modified(error):
                raise

    async def show_draft(self, chat_id: int, draft_id: int, html: str) -> None:
        """A preview that is not retried: the next draft or the final message replaces it anyway."""
        with as_preview():
            await self.bot.send_message_draft(chat_id, draft_id, text=html, parse_mode=HTML)

    async def show_preview(self, chat_id: int, message_id: int, html: str) -> None:
        """An edit that is not retried either: a later edit or the final text replaces it."""
        with as_preview():
            await self.bot.edit_message_text(html, chat_id=chat_id, message_id=message_id, parse_mode=HTML)

    def showing(self, chat_id: int, action: str = "typing", after: float = 0.0) -> ChatActionSender:
        """Shows the action from `after` seconds on (never, if the block ends sooner) until the block ends."""
        return ChatActionSender(
            bot=self.bot, chat_id=chat_id, action=action, interval=RENEW_ACTION_SECONDS, initial_sleep=after
        )

    async def send_file(
        self, chat_id: int, filename: str, content: bytes, caption: str | None = None
    ) -> Message:
        return await self.bot.send_document(chat_id, BufferedInputFile(content, filename), caption=caption)

    async def send_photo(
        self,
        chat_id: int,
        filename: str,
        content: bytes,
        caption: str | None = None,
        reply_to: int | None = None,
    ) -> Message:
        """A photo; its caption is Telegram HTML."""
        return await self.bot.send_photo(
            chat_id,
            BufferedInputFile(content, filename),
            caption=caption,
            parse_mode=HTML,
            reply_parameters=replying_to(reply_to),
        )

    async def send_voice(self, chat_id: int, content: bytes, reply_to: int | None = None) -> Message:
        """OGG/Opus audio, shown by Telegram as a voice message."""
        return await self.bot.send_voice(
            chat_id, BufferedInputFile(content, "reply.ogg"), reply_parameters=replying_to(reply_to)
        )

    async def answer_callback(self, callback_id: str, text: str | None = None, alert: bool = False) -> None:
        await self.bot.answer_callback_query(callback_id, text=text, show_alert=alert)
