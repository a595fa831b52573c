"""What the projection reads (logged events) and writes (increments to the analytics views, whose
rows are in application.views)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.utils import get_topic

from application.errors import ApplicationError
from application.views import LedgerHead, PauseView, Seen, TimelineEntry, UsageCounts


class LoggedEvent(NamedTuple):
    """One event of the notification log: its position, and its state as the application's mapper
    decoded it."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    """The topic of the event's class, as it is named now (an event stored under an older topic that
    the class registered reads as the class's own)."""
    state: Mapping[str, Any]


def logged(position: int, event: DomainEventProtocol[UUID]) -> LoggedEvent:
    """The domain event the mapper made of the log's event at `position`."""
    return LoggedEvent(
        position, event.originator_id, event.originator_version, get_topic(type(event)), vars(event)
    )


class StreamKind(StrEnum):
    USAGE = "usage"
    CONVERSATION = "conversation"
    ACCESS = "access"


@dataclass(frozen=True)
class StreamOwner:
    """The user a stream's later events belong to, learnt from its first event."""

    user_id: int
    kind: StreamKind


Counts = tuple[int, ...]
"""A UsageCounts as a plain tuple in its field order."""


@dataclass
class ViewChanges:
    """Everything one batch of events adds to the views, applied with the new position at once."""

    after: int
    position: int
    daily: dict[tuple[int, date], UsageCounts] = field(default_factory=dict)
    users: dict[int, UsageCounts] = field(default_factory=dict)
    seen: dict[int, Seen] = field(default_factory=dict)
    models: dict[str, UsageCounts] = field(default_factory=dict)
    timeline: list[TimelineEntry] = field(default_factory=list)
    model_days: dict[tuple[date, str], UsageCounts] = field(default_factory=dict)
    kind_days: dict[tuple[date, str], int] = field(default_factory=dict)
    """Timeline entries made, by their UTC day and kind."""
    people: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Per user, the Person fields (application.views.PERSON_FIELDS) the batch set, with the value its
    last event gave each; the fields it did not touch are absent."""
    ledger_heads: dict[UUID, LedgerHead] = field(default_factory=dict)
    """Per usage ledger, its head after the batch; `records` is the number of records the batch added."""
    pause: PauseView | None = None
    """The pause switch as the batch's last pause or resume left it; None when the batch has neither."""
    owners: dict[UUID, StreamOwner] = field(default_factory=dict)
    orphans: list[int] = field(default_factory=list)
    """Positions of events whose stream's first event was never seen; they change no view."""


class ProjectionConflict(ApplicationError):
    """Another worker moved the tracking position first; nothing was written, read again."""
