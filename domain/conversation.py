"""One dialogue of one chat; the model's context and /history are built from its turns."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from domain.clock import require_utc
from domain.copying import CopiesCollectionsOnly
from domain.errors import ConversationArchived


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


@dataclass(frozen=True)
class Turn:
    role: Role
    text: str
    at: datetime
    request_id: str = ""


class Conversation(CopiesCollectionsOnly, Aggregate):
    @event("Started")
    def __init__(self, chat_id: int, at: datetime) -> None:
        self.chat_id = chat_id
        self.started_at = require_utc(at)
        self.turns: list[Turn] = []
        self.archived_at: datetime | None = None
        self._replies: dict[str, Turn] = {}  # the latest reply to each request, for reply_to

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def add_user_message(self, text: str, request_id: str, at: datetime) -> None:
        self._require_active()
        self._user_message_added(text, request_id, require_utc(at))

    @event("UserMessageAdded")
    def _user_message_added(self, text: str, request_id: str, at: datetime) -> None:
        self.turns.append(Turn(Role.USER, text, at, request_id))

    def add_reply(self, text: str, model: str, request_id: str, at: datetime) -> None:
        self._require_active()
        self._reply_added(text, model, request_id, require_utc(at))

    @event("ReplyAdded")
    def _reply_added(self, text: str, model: str, request_id: str, at: datetime) -> None:
        reply = Turn(Role.ASSISTANT, text, at, request_id)
        self.turns.append(reply)
        self._replies[request_id] = reply

    def reply_to(self, request_id: str) -> Turn | None:
        """Asked for every incoming message (is it a redelivery?), so it does not scan the turns."""
        return self._replies.get(request_id)

    def awaits_reply_to(self, request_id: str) -> bool:
        """True when the last turn is this request's message and no reply followed it."""
        last = self.turns[-1] if self.turns else None
        return last is not None and last.role is Role.USER and last.request_id == request_id

    def archive(self, at: datetime) -> None:
        if not self.is_archived:
            self._archived(require_utc(at))

    @event("Archived")
    def _archived(self, at: datetime) -> None:
        self.archived_at = at

    def _require_active(self) -> None:
        if self.is_archived:
            raise ConversationArchived()
