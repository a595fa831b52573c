"""Reading and writing a chat's active conversation, each write retried on a concurrent change.

A caller that already holds the conversation (read under the chat's lock) passes it in, so the common
path reads it once; after a conflict the conversation is always read again.
"""

from application.ports import Aggregates, Clock
from application.retry import retry_on_conflict, retry_rereading
from domain.chat import Chat
from domain.conversation import Conversation
from domain.ids import chat_id_of


class Conversations:
    def __init__(self, store: Aggregates, clock: Clock) -> None:
        self.store, self.clock = store, clock

    async def active(self, chat_id: int) -> Conversation | None:
        chat = await self.store.get(chat_id_of(chat_id), Chat)
        if chat is None or chat.active_conversation_id is None:
            return None
        return await self.store.get(chat.active_conversation_id, Conversation)

    async def add_user_message(
        self, chat_id: int, text: str, request_id: str, known: Conversation | None = None
    ) -> Conversation:
        """Keep the user's message; returns the conversation as saved."""

        async def attempt(first: bool) -> Conversation:
            conversation = known if first else None
            conversation = conversation or await self.active(chat_id) or await self._start_new(chat_id)
            conversation.add_user_message(text, request_id, self.clock.now())
            await self.store.save(conversation)
            return conversation

        return await retry_rereading(attempt)

    async def with_reply(
        self, chat_id: int, text: str, model: str, request_id: str, known: Conversation | None = None
    ) -> list[Conversation]:
        """The conversation with the reply added, unsaved, for the caller to save with other changes;
        nothing when there is no conversation or the request already has its reply."""
        conversation = known or await self.active(chat_id)
        if conversation is None or conversation.reply_to(request_id) is not None:
            return []
        conversation.add_reply(text, model, request_id, self.clock.now())
        return [conversation]

    async def start_new(self, chat_id: int) -> None:
        """Archive the active conversation, if any, and make a new one active."""
        await retry_on_conflict(lambda: self._start_new(chat_id))

    async def _start_new(self, chat_id: int) -> Conversation:
        now = self.clock.now()
        chat = await self.store.get(chat_id_of(chat_id), Chat) or Chat(chat_id=chat_id)
        previous = None
        if chat.active_conversation_id is not None:
            previous = await self.store.get(chat.active_conversation_id, Conversation)
        conversation = Conversation(chat_id=chat_id, at=now)
        chat.start_conversation(conversation.id)
        changed = [chat, conversation]
        if previous is not None:
            previous.archive(now)
            changed.append(previous)
        await self.store.save(*changed)
        return conversation
