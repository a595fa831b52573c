"""Answering a message with a model reply: typing while waiting, a streamed preview, the finished
reply rendered and split, and a clear sentence instead when the use case fails."""

import logging
from collections.abc import Awaitable, Callable

from aiogram.types import Message

from adapters.telegram.addressing import is_private
from adapters.telegram.messenger import RENEW_ACTION_SECONDS, AiogramMessenger
from adapters.telegram.sources import reply_chunks
from adapters.telegram.streaming import DraftReply, EditedReply
from adapters.telegram.update_context import request_id_of as request_id_of
from application.chat.replies import describe_failure
from application.chat.service import Reply
from application.messages import text
from application.ports import Preview

log = logging.getLogger(__name__)

Produce = Callable[[Preview], Awaitable[Reply]]
Describe = Callable[[Exception], str | None]


class ReplyFlow:
    def __init__(self, messenger: AiogramMessenger) -> None:
        self.messenger = messenger

    def stream_for(self, message: Message) -> DraftReply | EditedReply:
        if is_private(message):
            return DraftReply(self.messenger, message.chat.id, message.message_id)
        return EditedReply(self.messenger, message.chat.id, message.message_id)

    async def answer(
        self, message: Message, lang: str, produce: Produce, describe: Describe | None = None
    ) -> Reply | None:
        """The reply, streamed then sent; None when a sentence about a failure was sent instead."""
        stream = self.stream_for(message)
        await stream.start()
        try:
            # "typing…" went out as the update was taken (chat_actions.FirstChatAction): renewed from here
            async with self.messenger.showing(message.chat.id, after=RENEW_ACTION_SECONDS):
                reply = await produce(stream)
        except Exception as error:
            await stream.fail(self.explain(error, lang, describe))
            return None
        chunks = reply_chunks(reply.text, reply.sources, lang)
        if not chunks:
            await stream.fail(text("empty_reply", lang))
            return None
        await stream.finish(chunks)
        return reply

    async def show(self, message: Message, chunks: list[str]) -> None:
        """Rendered HTML messages in answer to the message (replies to it in groups)."""
        reply_to = None if is_private(message) else message.message_id
        await self.messenger.send_chunks(message.chat.id, chunks, reply_to)

    async def tell(self, message: Message, words: str) -> None:
        """A plain sentence in answer to the message (a reply to it in groups)."""
        reply_to = None if is_private(message) else message.message_id
        await self.messenger.send_plain(message.chat.id, words, reply_to)

    @staticmethod
    def explain(error: Exception, lang: str, describe: Describe | None = None) -> str:
        described = (describe(error) if describe else None) or describe_failure(error, lang)
        if described is None:
            log.exception("a message could not be answered", exc_info=error)
            return text("unexpected_error", lang)
        return described
