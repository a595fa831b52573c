"""Recovery on start-up: a user's message that a stopped process left with neither a reply nor a recorded
failure is answered once, or its user told why it cannot be (ADR 32).

Each chat is taken under two locks: `recovery:<chat>` for the whole of it, so that of several workers
starting together one recovers the chat and the others then find it answered; and the conversation's own
lock while the conversation is read again and the choice made, so that a message a live worker is
answering right now is seen answered once it is done."""

import asyncio
import logging
from datetime import datetime, timedelta
from uuid import UUID

from application.chat.conversations import Conversations, failure_reason
from application.chat.replies import describe_failure
from application.chat.service import ChatService
from application.messages import text
from application.ports import Aggregates, ChatSender, Clock, ConversationLock, RecentMessages
from application.retry import retry_on_conflict
from application.unit_of_work import UnitOfWork
from domain.conversation import Conversation, OnRestart, Turn
from domain.operations import PauseSwitch, pause_switch_id

log = logging.getLogger(__name__)

TOLD_TO_SEND_AGAIN = "restarted"
"""The failure recorded for a message whose user is told to send it again."""


class Recovery:
    def __init__(
        self,
        chat: ChatService,
        store: Aggregates,
        messages: RecentMessages,
        lock: ConversationLock,
        sender: ChatSender,
        clock: Clock,
        window: timedelta,
    ) -> None:
        self.chat, self.store, self.messages, self.lock = chat, store, messages, lock
        self.sender, self.clock, self.window = sender, clock, window
        self.conversations = Conversations(clock)

    async def recover(self) -> int:
        """Answer (or explain) the messages stored within the window and left waiting; how many."""
        if self.window <= timedelta(0):
            return 0
        switch = await self.store.get(pause_switch_id(), PauseSwitch)
        if switch is not None and switch.paused:
            log.info("recovery skipped: the bot is paused, and keeps what users send for later")
            return 0
        since = self.clock.now() - self.window
        recovered = 0
        for conversation_id in await asyncio.to_thread(self.messages.conversations_since, since):
            try:
                recovered += await self._recover(conversation_id, since)
            except Exception as error:  # one chat's trouble must not keep the others waiting
                log.warning("could not recover conversation %s: %s", conversation_id, error)
        log.info("recovery done: %d messages left unanswered by an earlier process were taken", recovered)
        return recovered

    async def _recover(self, conversation_id: UUID, since: datetime) -> bool:
        found = await self.store.get(conversation_id, Conversation)
        if found is None:
            return False
        chat_id = found.chat_id
        async with self.lock.hold(f"recovery:{chat_id}"):
            async with self.lock.hold(f"conversation:{chat_id}"):
                unit = UnitOfWork(self.store)
                waiting = await self._waiting(unit, chat_id, conversation_id, since)
                if waiting is None:
                    return False
                if waiting.on_restart is not OnRestart.ANSWER or waiting.user_id is None:
                    await self.sender.send_notice(chat_id, text("restarted_unanswered"))
                    await self._record_failure(unit, chat_id, waiting.request_id, TOLD_TO_SEND_AGAIN)
                    return True
            await self._answer(chat_id, waiting.user_id, waiting)
            return True

    async def _waiting(
        self, unit: UnitOfWork, chat_id: int, conversation_id: UUID, since: datetime
    ) -> Turn | None:
        """The chat's message still waiting for its reply, if it is recent and in this conversation."""
        conversation = await self.conversations.active(unit, chat_id)
        if conversation is None or conversation.id != conversation_id:
            return None  # the chat has started another conversation since
        waiting = conversation.awaiting_reply()
        if waiting is None or waiting.at < since or waiting.on_restart is OnRestart.NOTHING:
            return None
        return waiting

    async def _answer(self, chat_id: int, user_id: int, waiting: Turn) -> None:
        """As a live message is answered (the conversation's lock taken again, the reply and its usage
        kept together), except that a reply someone else gave meanwhile is not sent again."""
        try:
            reply = await self.chat.send_message(chat_id, user_id, waiting.text, waiting.request_id)
        except Exception as error:
            await self.chat.record_failure(chat_id, waiting.request_id, failure_reason(error))
            described = describe_failure(error)
            if described is None:
                log.warning("could not answer request %s again: %s", waiting.request_id, error)
            await self.sender.send_notice(chat_id, described or text("unexpected_error"))
            return
        if not reply.repeated:
            await self.sender.send_reply(chat_id, reply.text)

    async def _record_failure(self, unit: UnitOfWork, chat_id: int, request_id: str, reason: str) -> None:
        async def record() -> None:
            await self.conversations.record_failure(unit, chat_id, request_id, reason)
            await unit.commit()

        await retry_on_conflict(record)
