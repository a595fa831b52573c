"""A chat's active conversation, read and changed through a unit of work."""

from application.errors import BudgetExceeded
from application.model_io import ModelFailure
from application.ports import Clock
from application.unit_of_work import UnitOfWork
from domain.chat import Chat
from domain.conversation import Conversation, OnRestart, Summary
from domain.ids import chat_id_of


class Conversations:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def active(self, unit: UnitOfWork, chat_id: int) -> Conversation | None:
        chat = await unit.get(chat_id_of(chat_id), Chat)
        if chat is None or chat.active_conversation_id is None:
            return None
        return await unit.get(chat.active_conversation_id, Conversation)

    async def add_user_message(
        self,
        unit: UnitOfWork,
        chat_id: int,
        text: str,
        request_id: str,
        user_id: int | None = None,
        on_restart: OnRestart = OnRestart.TELL,
    ) -> None:
        conversation = await self.active(unit, chat_id) or await self.start_new(unit, chat_id)
        conversation.add_user_message(text, request_id, self.clock.now(), user_id, on_restart)

    async def record_failure(self, unit: UnitOfWork, chat_id: int, request_id: str, reason: str) -> None:
        """Nothing when there is no conversation, or the request has its reply or its failure."""
        conversation = await self.active(unit, chat_id)
        if conversation is not None:
            conversation.record_failure(request_id, reason, self.clock.now())

    async def add_reply(self, unit: UnitOfWork, chat_id: int, text: str, model: str, request_id: str) -> None:
        """Nothing when there is no conversation or the request already has its reply."""
        conversation = await self.active(unit, chat_id)
        if conversation is not None and conversation.reply_to(request_id) is None:
            conversation.add_reply(text, model, request_id, self.clock.now())

    async def summarise(self, unit: UnitOfWork, chat_id: int, summary: Summary) -> bool:
        """False when there is no active conversation or it has a summary as far along already."""
        conversation = await self.active(unit, chat_id)
        covered = conversation.summary.covers if conversation and conversation.summary else 0
        if conversation is None or not covered < summary.covers <= len(conversation.turns):
            return False
        conversation.summarise(summary.text, summary.covers, summary.at, summary.model)
        return True

    async def start_new(self, unit: UnitOfWork, chat_id: int) -> Conversation:
        """Archive the active conversation, if any, and make a new one active."""
        now = self.clock.now()
        chat = await unit.get(chat_id_of(chat_id), Chat) or unit.add(Chat(chat_id=chat_id))
        if chat.active_conversation_id is not None:
            previous = await unit.get(chat.active_conversation_id, Conversation)
            if previous is not None:
                previous.archive(now)
        conversation = unit.add(Conversation(chat_id=chat_id, at=now))
        chat.start_conversation(conversation.id)
        return conversation


def failure_reason(error: BaseException) -> str:
    """What a failure is stored as: for the operator, never shown to a user."""
    if isinstance(error, ModelFailure):
        return f"model_{error.kind.value}"
    if isinstance(error, BudgetExceeded):
        return f"budget_{error.exceeded.value}"
    return type(error).__name__
