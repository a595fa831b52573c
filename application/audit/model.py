"""What an audit covers, what it found, and how it tells its caller how far it has got."""

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Protocol

from application.views import UsageCounts

USAGE_FIELDS = tuple(f.name for f in fields(UsageCounts) if f.name != "messages")
"""The counters rebuilt from usage records; message counts come from conversations, not ledgers."""


@dataclass(frozen=True)
class AuditScope:
    user_id: int | None = None
    since: date | None = None
    until: date | None = None

    def covers_everything(self) -> bool:
        return self.user_id is None and self.since is None and self.until is None

    def covers_user(self, user_id: int) -> bool:
        return self.user_id is None or self.user_id == user_id

    def covers_day(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def covers_period(self, period: str) -> bool:
        """Whether a ledger's month (YYYY-MM) overlaps the scope's days."""
        return (self.since is None or period >= f"{self.since:%Y-%m}") and (
            self.until is None or period <= f"{self.until:%Y-%m}"
        )


@dataclass(frozen=True)
class LedgerBreak:
    user_id: int | None
    period: str
    record: int
    request_id: str
    problem: str


@dataclass(frozen=True)
class TotalsMismatch:
    user_id: int
    day: date
    field: str
    from_events: int
    in_views: int


@dataclass
class AuditReport:
    scope: AuditScope
    views_position: int = 0
    events_read: int = 0
    ledgers: int = 0
    records: int = 0
    not_yet_projected: int = 0
    """Records newer than the views: their chains are verified, their totals not compared."""
    journal_waiting: int = 0
    """Records kept in the spend journal while the store was out, not in the ledger yet: outside the audit,
    and no failure of it."""
    from_events: UsageCounts = field(default_factory=UsageCounts)
    in_views: UsageCounts = field(default_factory=UsageCounts)
    breaks: list[LedgerBreak] = field(default_factory=list)
    mismatches: list[TotalsMismatch] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks and not self.mismatches


class AuditProgress(Protocol):
    """Told how much the audit will read (positions of the log, or one user's ledgers), then how much
    more it has read (from whichever thread hands work to the worker processes)."""

    def found(self, total: int) -> None: ...

    def replayed(self, done: int) -> None: ...
