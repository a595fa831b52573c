"""The gating channel as users see it: its title (from getChat, cached) as a link in texts, and a link
for the 'Join' button."""

import asyncio
import logging
import time
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from adapters.telegram import markup
from application.messages import text

log = logging.getLogger(__name__)

CHECK_SUBSCRIPTION = "subscription:check"
TITLE_TTL_SECONDS = 3600.0
RETRY_TITLE_SECONDS = 60.0  # after getChat failed; the link or the id stands in meanwhile
GET_CHAT_TIMEOUT_SECONDS = 5
NAME_SLOT = "\x00"  # stands in for the channel's name while the sentence around it is escaped

Describe = Callable[[str], str]


class ChannelLink:
    def __init__(
        self,
        bot: Bot | None,
        channel_id: str | None,
        channel_link: str | None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bot, self.monotonic = bot, monotonic
        self.channel_id: str | int | None = (
            int(channel_id) if channel_id and channel_id.lstrip("-").isdigit() else channel_id
        )
        self.url = channel_link or (
            f"https://t.me/{channel_id[1:]}" if channel_id and channel_id.startswith("@") else None
        )
        self.fallback = self.url or channel_id or ""
        self._title: str | None = None
        self._fresh_until = 0.0
        self._fetching = asyncio.Lock()

    async def title(self) -> str:
        """The channel's title as Telegram shows it; its link or id while getChat cannot be asked."""
        if self.monotonic() < self._fresh_until:
            return self._title or self.fallback
        async with self._fetching:
            if self.monotonic() >= self._fresh_until:
                await self._fetch_title()
        return self._title or self.fallback

    async def _fetch_title(self) -> None:
        if self.bot is None or self.channel_id is None:
            self._fresh_until = float("inf")
            return
        try:
            chat = await self.bot.get_chat(self.channel_id, request_timeout=GET_CHAT_TIMEOUT_SECONDS)
        except TelegramAPIError as error:
            log.warning("the channel's title could not be read: %s", error)
            self._fresh_until = self.monotonic() + RETRY_TITLE_SECONDS
            return
        self._title = chat.title or self._title
        self._fresh_until = self.monotonic() + TITLE_TTL_SECONDS

    async def plain(self, describe: Describe) -> str:
        """The sentence `describe` writes around the channel's title, as plain text (alerts)."""
        words = describe(NAME_SLOT)
        return words.replace(NAME_SLOT, await self.title()) if NAME_SLOT in words else words

    async def html(self, describe: Describe) -> str:
        """The sentence `describe` writes around the channel's title, as HTML with the title a link."""
        words = markup.text(describe(NAME_SLOT))
        if NAME_SLOT not in words:
            return words
        name = markup.text(await self.title())
        if markup.is_allowed_link(self.url):
            name = f'<a href="{markup.attribute(self.url or "")}">{name}</a>'
        return words.replace(NAME_SLOT, name)

    def buttons(self, lang: str) -> InlineKeyboardMarkup:
        row = [
            InlineKeyboardButton(
                text=text("button_check_subscription", lang), callback_data=CHECK_SUBSCRIPTION
            )
        ]
        if self.url:
            row.insert(0, InlineKeyboardButton(text=text("button_join_channel", lang), url=self.url))
        return InlineKeyboardMarkup(inline_keyboard=[row])
