"""The ports: what the application needs from the world, named by role."""

from collections.abc import AsyncIterator, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from datetime import date, datetime
from typing import Protocol, TypeVar
from uuid import UUID

from eventsourcing.domain import Aggregate, DomainEventProtocol

from application.model_io import (
    AudioInput,
    DocumentInput,
    DocumentKind,
    GeneratedImage,
    ImageRequest,
    Prompt,
    ReplyDone,
    Speech,
    TextDelta,
    Transcript,
    Upload,
)
from application.send_limits import Limit, Slot
from application.spend_entries import SpendBatch, SpendEntry
from application.unreadable import UnreadableEvent
from application.views import DailyUsage, GlobalStats, Person, TimelineEntry, UserTotals
from domain.access import MemberStatus

A = TypeVar("A", bound=Aggregate)


class Aggregates(Protocol):
    """Loads and saves event-sourced aggregates; save raises ConcurrencyConflict on a stale write."""

    async def get(self, aggregate_id: UUID, kind: type[A]) -> A | None: ...

    async def save(self, *aggregates: Aggregate) -> None: ...


class ChatModel(Protocol):
    """A language model that streams a reply: TextDelta items, then one ReplyDone."""

    def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]: ...

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        """Draw one image; raises ModelFailure when the service cannot or will not."""
        ...

    async def aclose(self) -> None:
        """Release what the model holds (its connections); safe to call more than once."""
        ...


class Transcriber(Protocol):
    """Turns speech into text, with what the call was billed; raises ModelFailure when the service
    cannot or will not."""

    async def transcribe(self, audio: AudioInput) -> Transcript: ...

    async def aclose(self) -> None:
        """Release what the transcriber holds (its connections); safe to call more than once."""
        ...


class Speaker(Protocol):
    """Speaks a text aloud as OGG/Opus, with what the call was billed; raises ModelFailure when the service
    cannot or will not."""

    async def speak(self, text: str, request_id: str) -> Speech: ...

    async def aclose(self) -> None:
        """Release what the speaker holds (its connections); safe to call more than once."""
        ...


class DocumentReader(Protocol):
    """Opens an uploaded document safely and reads its text; raises AttachmentRefused when it cannot."""

    def read(self, upload: Upload, kind: DocumentKind) -> DocumentInput: ...


class TokenCounter(Protocol):
    """Estimates how many tokens a text costs, for context trimming and budget checks."""

    def count(self, text: str) -> int: ...


class Clock(Protocol):
    """The current time, timezone-aware UTC."""

    def now(self) -> datetime: ...


class Cache(Protocol):
    """String values with a time to live; raises CacheUnavailable when the backend is down."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_seconds: int) -> None: ...

    async def delete(self, key: str) -> None: ...


class ConversationLock(Protocol):
    """One model run per conversation at a time; later callers wait their turn."""

    def hold(self, key: str) -> AbstractAsyncContextManager[None]: ...


class RecentMessages(Protocol):
    """Where users' messages were stored lately, found in the store's log (synchronous: async code uses
    asyncio.to_thread)."""

    def conversations_since(self, since: datetime) -> list[UUID]:
        """The conversations with a user's message stored at or after `since`, newest first, each once."""
        ...


class ChatSender(Protocol):
    """Sends to a chat outside the handling of an update: a model's reply, or a sentence of ours."""

    async def send_reply(self, chat_id: int, markdown: str) -> None: ...

    async def send_notice(self, chat_id: int, text: str) -> None: ...


class ChannelMembership(Protocol):
    """A user's live membership status in the gating channel."""

    async def status_of(self, user_id: int) -> MemberStatus: ...


class UpdateGuard(Protocol):
    """Lets each Telegram update through once; a redelivered update is recognised and skipped."""

    async def first_time(self, update_id: int) -> bool: ...


class WindowCounter(Protocol):
    """Counts hits per key in fixed windows, across workers where the backend is shared; never raises
    for an outage (this process counts alone meanwhile)."""

    async def hit(self, key: str, window_seconds: int) -> int:
        """One more hit on the key; the hits in its current window, this one included."""
        ...


class SendSlots(Protocol):
    """Slots for outbound sends under rate limits, shared by every worker where the backend is."""

    async def take(self, limits: Sequence[Limit], patience: float | None = None) -> Slot:
        """The slot under every limit at once; with a patience, a slot further off is not taken."""
        ...


class AnalyticsViews(Protocol):
    """Read-model queries over the projected views (synchronous: async code uses asyncio.to_thread)."""

    def position(self) -> int: ...

    def users(self) -> list[UserTotals]: ...

    def user(self, user_id: int) -> UserTotals | None: ...

    def people(self, user_ids: Collection[int]) -> dict[int, Person]:
        """The users of these ids that have an access ledger: their Telegram name and standing."""
        ...

    def usage_days(self, user_id: int | None, since: date | None, until: date | None) -> list[DailyUsage]:
        """Daily rows, both ends inclusive, ordered by day and user."""
        ...

    def usage_day_counts(
        self, fields: Sequence[str], user_id: int | None, since: date | None, until: date | None
    ) -> dict[tuple[int, date], tuple[int, ...]]:
        """The named counters of each daily row, both ends inclusive, as plain tuples (an audit's read)."""
        ...

    def timeline(self, user_id: int, limit: int) -> list[TimelineEntry]:
        """The user's newest entries, oldest first."""
        ...

    def global_stats(self, today: date) -> GlobalStats: ...

    def cost_between(self, since: date, until: date) -> int: ...

    def day_range(self) -> tuple[date, date] | None: ...

    def size_bytes(self) -> int | None: ...


AuditedEvent = DomainEventProtocol[UUID] | UnreadableEvent


class UsageLedgerEvents(Protocol):
    """The usage ledgers' events as the application's own mapper decodes them (an audit's read); one it
    cannot decode comes as an UnreadableEvent in its place."""

    def openings(self) -> Iterator[AuditedEvent]:
        """Every usage ledger's opening event, in log order."""
        ...

    def ledgers(self, ledger_ids: Iterable[UUID]) -> Iterator[Sequence[AuditedEvent]]:
        """Each of these ledgers' events in version order (none for an unknown id), in the order asked."""
        ...

    def log(self, after: int, up_to: int) -> Iterator[AuditedEvent]:
        """Every usage ledger's events at positions of the log after `after`, up to `up_to`, in log order."""
        ...

    def records_after(self, position: int) -> Iterator[AuditedEvent]:
        """The usage records at positions of the log after `position`, in log order."""
        ...

    def last_position(self) -> int: ...


class UsageLedgerEventsOpener(Protocol):
    """Opens the same usage ledger events again, in whichever process calls it; must pickle."""

    def __call__(self) -> AbstractContextManager[UsageLedgerEvents]: ...


class Notifier(Protocol):
    """Tells every admin something (alerts, summaries); an admin who cannot be reached is skipped."""

    async def notify_admins(self, text: str) -> None: ...


class HealthProbe(Protocol):
    """One dependency's health: `check` returns when it answers and raises when it does not."""

    name: str

    async def check(self) -> None: ...


class SpendJournal(Protocol):
    """Spend the store could not take, kept on local disk until the ledger has it; processes may share it."""

    async def append(self, entry: SpendEntry) -> None:
        """Keep the entry; it is on disk (fsync'd) when this returns."""
        ...

    async def claim(self) -> list[SpendBatch]:
        """The entries no other drain holds, in batches this drain holds until it settles or releases them."""
        ...

    async def settle(self, batch: SpendBatch) -> None:
        """The ledger has every entry of the batch: remove them."""
        ...

    async def release(self, batch: SpendBatch) -> None:
        """Leave the batch's entries for a later drain."""
        ...

    def waiting(self) -> int:
        """How many entries wait, in every process's part of the journal."""
        ...


class Preview(Protocol):
    """Where a reply is shown while the model writes it."""

    async def push(self, delta: str) -> None:
        """One more piece of the reply."""

    def model_done(self) -> None:
        """The model has stopped writing (finished or failed): no more previews of this reply."""


class SummarySender(Protocol):
    """Sends the admins' daily and weekly summaries; False when one was already sent."""

    async def send_daily(self, day: date) -> bool: ...

    async def send_weekly(self, last_day: date) -> bool: ...


class AlertCheck(Protocol):
    """One kind of admin alert, checked on the admins' routine."""

    async def check(self) -> object: ...


class Metrics(Protocol):
    """Counts what the bot does, for its /metrics; each call is cheap (a counter moved, nothing awaited)."""

    def update_handled(self, kind: str, outcome: str) -> None: ...

    def reply_made(self) -> None: ...

    def model_answered(self, model: str, first_token_seconds: float | None, whole_seconds: float) -> None: ...

    def tokens_used(self, model: str, kind: str, tokens: int) -> None: ...

    def spent(self, model: str, kind: str, micros: int) -> None: ...

    def model_failed(self, kind: str) -> None: ...

    def budget_refused(self) -> None: ...

    def access_refused(self, reason: str) -> None: ...

    def redis_fell_back(self) -> None: ...

    def store_called(self, operation: str, seconds: float) -> None: ...


class NoMetrics:
    """Counts nothing: the default wherever nobody scrapes."""

    def update_handled(self, kind: str, outcome: str) -> None:
        pass

    def reply_made(self) -> None:
        pass

    def model_answered(self, model: str, first_token_seconds: float | None, whole_seconds: float) -> None:
        pass

    def tokens_used(self, model: str, kind: str, tokens: int) -> None:
        pass

    def spent(self, model: str, kind: str, micros: int) -> None:
        pass

    def model_failed(self, kind: str) -> None:
        pass

    def budget_refused(self) -> None:
        pass

    def access_refused(self, reason: str) -> None:
        pass

    def redis_fell_back(self) -> None:
        pass

    def store_called(self, operation: str, seconds: float) -> None:
        pass
