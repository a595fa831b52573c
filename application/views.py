"""The analytics views as the rest of the application reads them: what the projection keeps per user,
per day and per model, and each user's timeline."""

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import NamedTuple
from uuid import UUID


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
    estimated_requests: int = 0
    """Of `requests`, those charged from the bot's own estimate (the provider reported no usage)."""
    estimated_cost_micros: int = 0
    """Of `cost_micros`, what those estimated requests cost."""

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
            self.estimated_requests + other.estimated_requests,
            self.estimated_cost_micros + other.estimated_cost_micros,
        )

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @property
    def reported_requests(self) -> int:
        """The requests whose usage the provider reported."""
        return self.requests - self.estimated_requests

    @property
    def reported_cost_micros(self) -> int:
        return self.cost_micros - self.estimated_cost_micros

    @property
    def active(self) -> bool:
        return self.requests > 0 or self.messages > 0

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNTER_NAMES}


_COUNTER_NAMES = tuple(f.name for f in fields(UsageCounts))


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


@dataclass(frozen=True)
class ModelDay:
    day: date
    model: str
    counts: UsageCounts


@dataclass(frozen=True)
class KindDay:
    """How many timeline entries of one kind were made on one UTC day."""

    day: date
    kind: str
    count: int


@dataclass(frozen=True)
class Person:
    """A user with an access ledger: the name Telegram last showed and where their access stands."""

    user_id: int
    name: str | None = None
    username: str | None = None
    admin: bool = False
    granted: bool = False
    banned: bool = False
    registered_at: datetime | None = None
    budget_set: bool = False
    """Whether an admin set this user's limits (/budget), in place of the settings' defaults."""
    monthly_budget_micros: int | None = None
    """The monthly cost limit an admin set; None with `budget_set` means no monthly limit."""


PERSON_FIELDS = (
    "name",
    "username",
    "admin",
    "granted",
    "banned",
    "registered_at",
    "budget_set",
    "monthly_budget_micros",
)
"""The fields of a Person that its user's access events set."""


@dataclass(frozen=True)
class LedgerHead:
    """Where one usage ledger's chain ends: its record count, the last record's digest (the genesis
    digest while it has none) and that record's time; what its records cost (the user's spend in the
    ledger's month)."""

    stream_id: UUID
    user_id: int
    period: str
    records: int
    head_digest: str
    last_at: datetime | None
    cost_micros: int = 0


@dataclass(frozen=True)
class PauseView:
    """The bot's pause switch as last changed: while paused, non-admins are not answered by the model."""

    paused: bool
    changed_by: int | None
    changed_at: datetime | None


class TimelineEntry(NamedTuple):
    """One line of a user's timeline (a tuple: a projection makes one per event it projects)."""

    position: int
    user_id: int
    kind: str
    at: datetime
    text: str | None = None
    cost_micros: int | None = None
    """What a charge's model call cost; None for entries that are not charges."""


@dataclass(frozen=True)
class GlobalStats:
    users: int
    active_today: int
    active_7_days: int
    active_30_days: int
    totals: UsageCounts
    by_model: tuple[ModelTotals, ...]
