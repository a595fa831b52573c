"""One dialogue of one chat; the model's context and /history are built from its turns."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from eventsourcing.domain import Aggregate, event

from domain.clock import require_utc
from domain.copying import CopiesCollectionsOnly
from domain.errors import ConversationArchived, InvalidSummary


class Role(StrEnum):
    USER = "user"
    ASSISTANT = "assistant"


class OnRestart(StrEnum):
    """What a user's message needs when a stopped process left it without a reply."""

    ANSWER = "answer"  # its text is the whole message: it can be answered again
    TELL = "tell"  # what came with it (a photo, a document, a picture asked for) is not kept: tell its user
    NOTHING = "nothing"  # no reply was due (kept while the bot was paused)


@dataclass(frozen=True)
class Turn:
    role: Role
    text: str
    at: datetime
    request_id: str = ""
    user_id: int | None = None
    on_restart: OnRestart = OnRestart.TELL


@dataclass(frozen=True)
class Summary:
    """The model's summary of the conversation's first `covers` turns; the turns themselves stay."""

    text: str
    covers: int
    at: datetime
    model: str


class Conversation(CopiesCollectionsOnly, Aggregate):
    @event("Started")
    def __init__(self, chat_id: int, at: datetime) -> None:
        self.chat_id = chat_id
        self.started_at = require_utc(at)
        self.turns: list[Turn] = []
        self.archived_at: datetime | None = None
        self._replies: dict[str, Turn] = {}  # the latest reply to each request, for reply_to
        self._failures: dict[str, str] = {}  # why a request's message got no reply, by request id
        self.summary: Summary | None = None  # the newest; each one covers the one before it

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def add_user_message(
        self,
        text: str,
        request_id: str,
        at: datetime,
        user_id: int | None = None,
        on_restart: OnRestart = OnRestart.TELL,
    ) -> None:
        self._require_active()
        self._user_message_added(text, request_id, require_utc(at), user_id, on_restart.value)

    # Events stored before the sender and on_restart were kept load with these defaults.
    @event("UserMessageAdded")
    def _user_message_added(
        self, text: str, request_id: str, at: datetime, user_id: int | None = None, on_restart: str = "tell"
    ) -> None:
        self.turns.append(Turn(Role.USER, text, at, request_id, user_id, OnRestart(on_restart)))

    def record_failure(self, request_id: str, reason: str, at: datetime) -> None:
        """This request's message will get no reply; nothing when it has one or its failure is known."""
        if self._unanswered(request_id) is not None and request_id not in self._failures:
            self._reply_failed(request_id, reason, require_utc(at))

    @event("ReplyFailed")
    def _reply_failed(self, request_id: str, reason: str, at: datetime) -> None:
        self._failures[request_id] = reason

    def failure_of(self, request_id: str) -> str | None:
        return self._failures.get(request_id)

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
        """True when the last turn is this request's message and no reply followed it. A recorded
        failure does not change that: the same update delivered again is answered, not stored twice."""
        last = self.turns[-1] if self.turns else None
        return last is not None and last.role is Role.USER and last.request_id == request_id

    def awaiting_reply(self) -> Turn | None:
        """The last turn, when it is a user's message with neither a reply nor a recorded failure."""
        last = self.turns[-1] if self.turns else None
        if last is None or last.role is not Role.USER or last.request_id in self._failures:
            return None
        return last

    def _unanswered(self, request_id: str) -> Turn | None:
        if request_id in self._replies:
            return None
        return next((t for t in self.turns if t.role is Role.USER and t.request_id == request_id), None)

    def summarise(self, text: str, covers: int, at: datetime, model: str) -> None:
        """Keep a summary of the first `covers` turns: more turns than the summary before it covered."""
        self._require_active()
        covered = self.summary.covers if self.summary else 0
        if not text.strip():
            raise InvalidSummary("a summary needs text")
        if not covered < covers <= len(self.turns):
            raise InvalidSummary(
                f"a summary must cover more than {covered} and at most {len(self.turns)} turns"
            )
        self._summarised(text, covers, require_utc(at), model)

    @event("Summarised")
    def _summarised(self, text: str, covers: int, at: datetime, model: str) -> None:
        self.summary = Summary(text, covers, at, model)

    def archive(self, at: datetime) -> None:
        if not self.is_archived:
            self._archived(require_utc(at))

    @event("Archived")
    def _archived(self, at: datetime) -> None:
        self.archived_at = at

    def _require_active(self) -> None:
        if self.is_archived:
            raise ConversationArchived()
