"""A reply shown while the model writes it: drafts in private chats, a throttled placeholder edit in groups.

Previews are best effort (a 429 pauses them for retry_after, see retry.as_preview); the finished reply
always goes out through the bot's session, which waits out 429s, so a busy Telegram delays the reply but
never loses it.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter

from adapters.telegram.messenger import AiogramMessenger, render_chunks

log = logging.getLogger(__name__)

DRAFT_INTERVAL_SECONDS = 0.3
EDIT_INTERVAL_SECONDS = 1.0
PLACEHOLDER = "…"


class Throttle:
    """Allows one action per interval; a 429 pushes the next allowed moment further out."""

    def __init__(self, interval: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.interval, self.monotonic = interval, monotonic
        self.next_at = 0.0

    def ready(self) -> bool:
        now = self.monotonic()
        if now < self.next_at:
            return False
        self.next_at = now + self.interval
        return True

    def hold_off(self, seconds: float) -> None:
        self.next_at = max(self.next_at, self.monotonic() + seconds)

    async def wait(self) -> None:
        """Sleep until the next action is allowed, then take that slot."""
        delay = self.next_at - self.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        self.next_at = self.monotonic() + self.interval


class DraftReply:
    """Private chats: sendMessageDraft previews, finished with sendMessage.

    A draft is sent from its own task, so the model is never kept waiting on Telegram. A draft that has
    not left yet when the model finishes is dropped (a reply the model wrote at once goes out as one
    message, with no draft); one already on its way is waited for, so it cannot land after the reply.
    """

    def __init__(
        self, messenger: AiogramMessenger, chat_id: int, draft_id: int, throttle: Throttle | None = None
    ) -> None:
        self.messenger, self.chat_id, self.draft_id = messenger, chat_id, draft_id
        self.throttle = throttle or Throttle(DRAFT_INTERVAL_SECONDS)
        self.text, self.previewing = "", True
        self._draft: asyncio.Task[None] | None = None
        self._draft_left = False

    async def start(self) -> None:
        return None

    async def push(self, delta: str) -> None:
        self.text += delta
        if self.previewing and self._draft is None and self.throttle.ready():
            self._draft_left = False
            self._draft = asyncio.create_task(self._show_draft())

    def model_done(self) -> None:
        self.previewing = False
        if self._draft is not None and not self._draft_left:
            self._draft.cancel()

    async def _show_draft(self) -> None:
        try:
            chunks = render_chunks(self.text)
            if not chunks:
                return
            self._draft_left = True
            await self.messenger.show_draft(self.chat_id, self.draft_id, chunks[-1])
        except TelegramRetryAfter as busy:
            self.throttle.hold_off(busy.retry_after)
        except TelegramAPIError as error:
            log.info("draft previews stopped for this reply: %s", error)
            self.previewing = False
        except Exception as error:  # a preview is best effort: the reply itself still goes out
            log.warning("draft previews stopped for this reply: %r", error)
            self.previewing = False
        finally:
            self._draft = None

    async def _settled(self) -> None:
        """No draft can arrive after this: a pending one is dropped, one on its way is waited for."""
        self.model_done()
        draft = self._draft
        if draft is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await draft

    async def finish(self, chunks: list[str]) -> None:
        await self._settled()
        await self.messenger.send_chunks(self.chat_id, chunks)

    async def fail(self, text: str) -> None:
        await self._settled()
        await self.messenger.send_text(self.chat_id, text)


class EditedReply:
    """Groups: a placeholder that replies to the user's message, edited at most once per interval."""

    def __init__(
        self, messenger: AiogramMessenger, chat_id: int, reply_to: int, throttle: Throttle | None = None
    ) -> None:
        self.messenger, self.chat_id, self.reply_to = messenger, chat_id, reply_to
        self.throttle = throttle or Throttle(EDIT_INTERVAL_SECONDS)
        self.text, self.shown = "", ""
        self.placeholder_id: int | None = None
        self.finished_writing = False

    async def start(self) -> None:
        try:
            sent = await self.messenger.send_text(self.chat_id, PLACEHOLDER, self.reply_to)
        except TelegramAPIError as error:
            log.info("no placeholder for this reply: %s", error)
            return
        self.placeholder_id = sent.message_id
        self.throttle.hold_off(self.throttle.interval)

    async def push(self, delta: str) -> None:
        self.text += delta
        if self.placeholder_id is None or self.finished_writing or not self.throttle.ready():
            return
        chunks = render_chunks(self.text)
        if not chunks or chunks[0] == self.shown:
            return
        try:
            await self.messenger.show_preview(self.chat_id, self.placeholder_id, chunks[0])
            self.shown = chunks[0]
        except TelegramRetryAfter as busy:
            self.throttle.hold_off(busy.retry_after)
        except TelegramAPIError as error:
            log.info("placeholder edit skipped: %s", error)

    def model_done(self) -> None:
        self.finished_writing = True

    async def finish(self, chunks: list[str]) -> None:
        if self.placeholder_id is None:
            for chunk in chunks:
                await self.messenger.send_html(self.chat_id, chunk, self.reply_to)
            return
        await self.throttle.wait()
        await self.messenger.edit_html(
            self.chat_id, self.placeholder_id, chunks[0] if chunks else PLACEHOLDER
        )
        for chunk in chunks[1:]:
            await self.messenger.send_html(self.chat_id, chunk, self.reply_to)

    async def fail(self, text: str) -> None:
        if self.placeholder_id is None:
            await self.messenger.send_text(self.chat_id, text, self.reply_to)
            return
        await self.throttle.wait()
        await self.messenger.edit_text(self.chat_id, self.placeholder_id, text)
