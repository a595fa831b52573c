"""The UsageLedgerEvents port over the application's own recorder and mapper: whichever persistence
module keeps the events (eventsourcing.sqlite, eventsourcing.postgres, POPO), they are read through the
recorder's public interface and decoded into the domain's events by the application's mapper.

The log is read in ranges of positions (an audit's processes share it out so), or ledger by ledger, each
ledger a single query on its primary key; `ApplicationOpener` opens the same application in another
process.
"""

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic, resolve_topic

from application.ports import AuditedEvent
from application.projection.topics import LEDGER_OPENED, USAGE_LEDGER_TOPICS, USAGE_RECORDED
from application.unreadable import UnreadableEvent

BATCH = 5000
"""Notifications read at a time."""
IN_MEMORY = ("", "eventsourcing.popo")
"""Persistence modules whose events live in the process that wrote them."""


class RecorderUsageLedgerEvents:
    def __init__(self, app: Application[UUID]) -> None:
        # The application is kept, not only its recorder: once collected, it closes the recorder's pool.
        self.app = app
        self.recorder = app.recorder
        self.mapper_decode = app.mapper.to_domain_event

    def decode(self, stored: StoredEvent) -> AuditedEvent:
        """The domain event, or what stands in for one the mapper cannot decode (any failure: the
        stored bytes are whatever an intruder or a fault left there)."""
        try:
            return self.mapper_decode(stored)
        except Exception as error:
            stream = stored.originator_id
            stream = stream if isinstance(stream, UUID) else UUID(str(stream))
            return UnreadableEvent(stream, stored.originator_version, type(error).__name__)

    def openings(self) -> Iterator[AuditedEvent]:
        return self._notified(0, LEDGER_OPENED)

    def ledgers(self, ledger_ids: Iterable[UUID]) -> Iterator[Sequence[AuditedEvent]]:
        for ledger_id in ledger_ids:
            yield self._decoded(self.recorder.select_events(ledger_id))

    def log(self, after: int, up_to: int) -> Iterator[AuditedEvent]:
        return self._notified(after, *USAGE_LEDGER_TOPICS, up_to=up_to)

    def records_after(self, position: int) -> Iterator[AuditedEvent]:
        return self._notified(position, USAGE_RECORDED)

    def last_position(self) -> int:
        return self.recorder.max_notification_id() or 0

    def _notified(self, after: int, *topics: str, up_to: int | None = None) -> Iterator[AuditedEvent]:
        while (up_to is None or after < up_to) and (
            batch := self.recorder.select_notifications(
                after, BATCH, stop=up_to, topics=topics, inclusive_of_start=False
            )
        ):
            yield from self._decoded(batch)
            after = batch[-1].id

    def _decoded(self, batch: Sequence[StoredEvent]) -> list[AuditedEvent]:
        try:  # the whole batch at once, as nearly always
            return list(map(self.mapper_decode, batch))
        except Exception:  # one of them cannot be decoded: find which, one by one
            return [self.decode(stored) for stored in batch]


@dataclass(frozen=True)
class ApplicationOpener:
    """What another process needs to open the same application: its class and settings, nothing live."""

    topic: str
    env: dict[str, str]

    @classmethod
    def of(cls, app: Application[UUID]) -> "ApplicationOpener":
        if app.env.get("PERSISTENCE_MODULE", "") in IN_MEMORY:
            raise ValueError("an application kept in memory cannot be opened from another process")
        return cls(get_topic(type(app)), dict(app.env))

    @contextmanager
    def __call__(self) -> Iterator[RecorderUsageLedgerEvents]:
        # The tables exist already; one connection is all a reader uses.
        app = resolve_topic(self.topic)({**self.env, "CREATE_TABLE": "n", "POSTGRES_POOL_SIZE": "1"})
        try:
            yield RecorderUsageLedgerEvents(app)
        finally:
            app.close()
