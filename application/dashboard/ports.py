"""What the dashboard needs from the world, as ports its adapters implement."""

from collections.abc import Collection
from datetime import date
from typing import Protocol

from application.dashboard.model import DayTotal, UserLine, UsersQuery, Verdict
from application.views import GlobalStats, LedgerHead, ModelDay, PauseView, Person, TimelineEntry, UserTotals


class RedeemedTokens(Protocol):
    """The nonces of login links already used, shared by every process that redeems them."""

    async def claim(self, nonce: str, ttl_seconds: int) -> bool:
        """Marks the nonce used for ttl_seconds; True the first time only."""
        ...


class DashboardViews(Protocol):
    """Read-only queries over the analytics views, shaped for the dashboard's pages."""

    def global_stats(self, today: date) -> GlobalStats: ...

    def cost_between(self, since: date, until: date) -> int: ...

    def position(self) -> int: ...

    def day_totals(self, user_id: int | None, since: date, until: date) -> list[DayTotal]:
        """Usage summed per day (of one user, or of everyone), only the days that have any."""
        ...

    def model_days(self, since: date, until: date) -> list[ModelDay]: ...

    def kind_counts(self, since: date | None, until: date | None) -> dict[str, int]:
        """Timeline entries of each kind within the days (all of them when None)."""
        ...

    def users_page(self, query: UsersQuery) -> tuple[int, list[UserTotals]]:
        """The users matching the query, and one page of them in its order."""
        ...

    def user_lines(self, query: UsersQuery, period: str) -> list[UserLine]:
        """Every user matching the query (no pages), in its order, with their spend in the month."""
        ...

    def user(self, user_id: int) -> UserTotals | None: ...

    def people(self, user_ids: Collection[int]) -> dict[int, Person]: ...

    def pause(self) -> PauseView | None:
        """The bot's pause switch as last changed; None when it was never paused."""
        ...

    def month_costs(self, user_ids: Collection[int], period: str) -> dict[int, int]:
        """What each user's usage ledger of the month ("2026-12") has recorded."""
        ...

    def timeline_page(self, user_id: int, before: int | None, limit: int) -> list[TimelineEntry]:
        """The user's timeline entries before a position (the newest when None), newest first."""
        ...

    def ledger_heads(self, user_id: int | None, limit: int, offset: int) -> tuple[int, list[LedgerHead]]:
        """How many usage ledgers there are, and a page of their chain heads, the newest first."""
        ...


class AuditVerdicts(Protocol):
    """Where `gptbot audit replay` leaves its verdict."""

    def last(self) -> Verdict | None: ...


class LogHead(Protocol):
    """The position of the newest event in the store's log."""

    def last_position(self) -> int: ...
