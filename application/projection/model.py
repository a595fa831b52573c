"""What the projection reads (logged events) and writes (increments to the analytics views)."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.utils import get_topic

from application.errors import ApplicationError


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


@dataclass(frozen=True)
class UsageCounts:
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    images: int = 0
    documents: int = 0
    cost_micros: int = 0
    messages: int = 0

    def __add__(self, other: "UsageCounts") -> "UsageCounts":
        return UsageCounts(
            self.requests + other.requests,
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.cached_tokens + other.cached_tokens,
            self.images + other.images,
            self.documents + other.documents,
            self.cost_micros + other.cost_micros,
            self.messages + other.messages,
        )

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @property
    def active(self) -> bool:
        return self.requests > 0 or self.messages > 0

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNTER_NAMES}


_COUNTER_NAMES = tuple(f.name for f in fields(UsageCounts))

Counts = tuple[int, ...]
"""A UsageCounts as a plain tuple in its field order."""


@dataclass(frozen=True)
class Seen:
    first: datetime
    last: datetime

    def __add__(self, other: "Seen") -> "Seen":
        return Seen(min(self.first, other.first), max(self.last, other.last))


@dataclass(frozen=True)
class DailyUsage:
    user_id: int
    day: date
    counts: UsageCounts


@dataclass(frozen=True)
class UserTotals:
    user_id: int
    counts: UsageCounts
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class ModelTotals:
    model: str
    counts: UsageCounts


class TimelineEntry(NamedTuple):
    """One line of a user's timeline (a tuple: a projection makes one per event it projects)."""

    position: int
    user_id: int
    kind: str
    at: datetime
    text: str | None = None


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
    owners: dict[UUID, StreamOwner] = field(default_factory=dict)
    orphans: list[int] = field(default_factory=list)
    """Positions of events whose stream's first event was never seen; they change no view."""


@dataclass(frozen=True)
class GlobalStats:
    users: int
    active_today: int
    active_7_days: int
    active_30_days: int
    totals: UsageCounts
    by_model: tuple[ModelTotals, ...]


class ProjectionConflict(ApplicationError):
    """Another worker moved the tracking position first; nothing was written, read again."""
