"""Points a Telegram chat (or the console) at its active conversation."""

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.copying import CopiesCollectionsOnly
from domain.ids import chat_id_of


class Chat(CopiesCollectionsOnly, Aggregate):
    @staticmethod
    def create_id(chat_id: int) -> UUID:
        return chat_id_of(chat_id)

    @event("Opened")
    def __init__(self, chat_id: int) -> None:
        self.chat_id = chat_id
        self.active_conversation_id: UUID | None = None
        self.conversation_ids: list[UUID] = []

    @event("ConversationStarted")
    def start_conversation(self, conversation_id: UUID) -> None:
        self.active_conversation_id = conversation_id
        self.conversation_ids.append(conversation_id)
