"""What the dashboard shows, as the pages and the JSON API both read it."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from application.errors import ApplicationError
from application.views import (
    GlobalStats,
    LedgerHead,
    ModelDay,
    PauseView,
    Person,
    TimelineEntry,
    UsageCounts,
    UserTotals,
)

LONGEST_RANGE = timedelta(days=731)
DEFAULT_RANGE = timedelta(days=30)


class BadQuery(ApplicationError):
    """A dashboard query the views cannot answer as asked (a reversed or too long date range, ...)."""


@dataclass(frozen=True)
class DayRange:
    """UTC days from `since` to `until`, both included."""

    since: date
    until: date

    @classmethod
    def of(cls, since: date | None, until: date | None, today: date) -> "DayRange":
        """The range asked for; the last 30 days up to today by default."""
        until = until or (today if since is None else min(today, since + DEFAULT_RANGE - timedelta(days=1)))
        since = since or until - DEFAULT_RANGE + timedelta(days=1)
        if since > until:
            raise BadQuery(f"the range starts ({since}) after it ends ({until})")
        if until - since >= LONGEST_RANGE:
            raise BadQuery(f"a range covers at most {LONGEST_RANGE.days} days")
        return cls(since, until)

    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]


@dataclass(frozen=True)
class DayTotal:
    day: date
    counts: UsageCounts


@dataclass(frozen=True)
class BudgetUse:
    """Spending against a cap; the lines at which admins are warned."""

    spent_micros: int
    cap_micros: int | None
    warn_percents: tuple[int, ...] = (80, 95)

    @property
    def percent(self) -> float | None:
        return None if not self.cap_micros else self.spent_micros * 100 / self.cap_micros


@dataclass(frozen=True)
class Overview:
    today: date
    range: DayRange
    stats: GlobalStats
    """All-time totals, as `gptbot analytics info` reports them."""
    replies: int
    """All-time replies the bot sent (of `stats.totals.messages`, which counts both sides)."""
    resets: int
    model_failures: int
    """All-time messages that got no reply because the model failed (timeouts, refusals, outages)."""
    spend_today: BudgetUse
    spend_month: BudgetUse
    in_range: UsageCounts
    days: tuple[DayTotal, ...]
    """Every day of the range, days with no usage as zeros."""
    model_days: tuple[ModelDay, ...]
    kinds_in_range: dict[str, int]
    pause: PauseView | None = None
    """The bot's pause switch as last changed (None: never paused)."""

    @property
    def paused(self) -> bool:
        return self.pause is not None and self.pause.paused


class UserSort(StrEnum):
    SPEND = "spend"
    REQUESTS = "requests"
    TOKENS = "tokens"
    FIRST_SEEN = "first_seen"
    LAST_SEEN = "last_seen"
    USER_ID = "user_id"
    NAME = "name"


@dataclass(frozen=True)
class UsersQuery:
    search: str = ""
    sort: UserSort = UserSort.SPEND
    descending: bool = True
    page: int = 1
    per_page: int = 50
    range: DayRange | None = None
    """Counts within these days only; all-time totals when None."""


@dataclass(frozen=True)
class UserRow:
    totals: UserTotals
    person: Person
    status: tuple[str, ...]
    """Among admin, allowed, banned; empty for a user the channel or an open bot admits."""
    month: BudgetUse


class UserLine(NamedTuple):
    """A user as a line of an export: plain values (a CSV of every user makes 10,000 of them)."""

    user_id: int
    name: str | None
    username: str | None
    admin: bool
    granted: bool
    banned: bool
    first_seen: datetime
    last_seen: datetime
    counts: tuple[int, ...]
    """UsageCounts' fields in order."""
    month_micros: int
    budget_set: bool = False
    monthly_budget_micros: int | None = None
    """The monthly cost limit an admin set (with `budget_set`; None: no monthly limit)."""


class ExportedUser(NamedTuple):
    """A user's line of an export with what the service adds: their standing and monthly limit."""

    line: UserLine
    status: tuple[str, ...]
    monthly_cap_micros: int | None


@dataclass(frozen=True)
class UsersPage:
    query: UsersQuery
    total: int
    rows: tuple[UserRow, ...]

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.query.per_page))


@dataclass(frozen=True)
class UserDetail:
    user_id: int
    row: UserRow | None
    """None for a user the views have not seen."""
    range: DayRange
    days: tuple[DayTotal, ...]
    timeline: tuple[TimelineEntry, ...]
    """Newest first."""
    content_stored: bool
    ledgers: tuple[LedgerHead, ...] = field(default=())


@dataclass(frozen=True)
class Verdict:
    at: str
    ok: bool
    breaks: int
    mismatches: int


@dataclass(frozen=True)
class AuditStatus:
    verdict: Verdict | None
    ledgers: int
    heads: tuple[LedgerHead, ...]
    command: str = "gptbot audit replay"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class Health:
    checks: tuple[Check, ...]
    position: int
    head: int

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)
