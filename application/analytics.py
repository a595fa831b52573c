"""The operator's questions about usage, answered from the analytics views."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from application.naming import names_of
from application.ports import AnalyticsViews, Clock
from application.projection.ports import EventLog
from application.views import DailyUsage, GlobalStats, Person, TimelineEntry, UserTotals

TIMELINE_LENGTH = 20


@dataclass(frozen=True)
class AnalyticsInfo:
    events: int
    first_day: date | None
    last_day: date | None
    size_bytes: int | None
    position: int
    head: int
    stats: GlobalStats

    @property
    def lag(self) -> int:
        return max(0, self.head - self.position)


@dataclass(frozen=True)
class UserReport:
    user_id: int
    totals: UserTotals | None
    days: list[DailyUsage]
    timeline: list[TimelineEntry]


class AnalyticsService:
    """Read-only queries for the CLI and admins; synchronous, like the views they read."""

    def __init__(
        self, views: AnalyticsViews, events: EventLog, clock: Clock, *, pseudonymous: bool = False
    ) -> None:
        self.views, self.events, self.clock = views, events, clock
        self.pseudonymous = pseudonymous

    def people(self, user_ids: Collection[int]) -> dict[int, Person]:
        """The names of these users Telegram last showed; none when the reports are pseudonymous."""
        return names_of(self.views, user_ids, self.pseudonymous)

    def today(self) -> date:
        return self.clock.now().date()

    def users(self) -> list[UserTotals]:
        """Every user with their all-time totals, the biggest spender first."""
        return self.views.users()

    def daily(self, day: date | None = None) -> list[DailyUsage]:
        """Each user's usage on one UTC day, today by default."""
        day = day or self.today()
        return self.views.usage_days(None, day, day)

    def user(self, user_id: int, days: int) -> UserReport:
        """One user's totals, their last `days` days, and their newest timeline entries."""
        if days < 1:
            raise ValueError("days must be at least 1")
        today = self.today()
        recent = self.views.usage_days(user_id, today - timedelta(days=days - 1), today)
        timeline = self.views.timeline(user_id, TIMELINE_LENGTH)
        return UserReport(user_id, self.views.user(user_id), recent, timeline)

    def info(self) -> AnalyticsInfo:
        """How much is stored, what it covers, and how far the views trail the event log."""
        span = self.views.day_range()
        first, last = span if span else (None, None)
        return AnalyticsInfo(
            self.events.count(),
            first,
            last,
            self.views.size_bytes(),
            self.views.position(),
            self.events.last_position(),
            self.views.global_stats(self.today()),
        )
