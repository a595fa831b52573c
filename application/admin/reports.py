"""What admins read about spending: a period's summary (/daily, /weekly and the scheduled ones) and the
global budget (/budget), from the analytics views."""

import asyncio
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

from application.naming import names_of
from application.ports import AnalyticsViews, Clock
from application.views import DailyUsage, UsageCounts

TOP_SPENDERS = 5


@dataclass(frozen=True)
class Spender:
    user_id: int
    counts: UsageCounts
    name: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class PeriodSummary:
    since: date
    until: date
    active_users: int
    counts: UsageCounts
    top: tuple[Spender, ...]


@dataclass(frozen=True)
class BudgetReport:
    month_start: date
    today: date
    spent_micros: int
    cap_micros: int | None
    top: tuple[Spender, ...]
    estimated_requests: int = 0
    """Of the month's requests, those charged from the bot's estimate (the provider reported no usage)."""
    estimated_micros: int = 0
    """What those estimated requests cost, of `spent_micros`."""

    @property
    def percent(self) -> int | None:
        if not self.cap_micros:
            return None
        return self.spent_micros * 100 // self.cap_micros


def summarise(rows: list[DailyUsage], since: date, until: date, top: int = TOP_SPENDERS) -> PeriodSummary:
    """Adds up daily rows per user; the biggest spenders first (ties by user id)."""
    per_user: dict[int, UsageCounts] = defaultdict(UsageCounts)
    for row in rows:
        if since <= row.day <= until:
            per_user[row.user_id] = per_user[row.user_id] + row.counts
    active = {user_id: counts for user_id, counts in per_user.items() if counts.active}
    ranked = sorted(active.items(), key=lambda item: (-item[1].cost_micros, -item[1].requests, item[0]))
    total = sum(active.values(), UsageCounts())
    return PeriodSummary(since, until, len(active), total, tuple(Spender(u, c) for u, c in ranked[:top]))


class AdminReports:
    def __init__(
        self,
        views: AnalyticsViews,
        clock: Clock,
        global_cap_micros: int | None,
        *,
        pseudonymous: bool = False,
    ) -> None:
        self.views, self.clock, self.global_cap_micros = views, clock, global_cap_micros
        self.pseudonymous = pseudonymous

    def today(self) -> date:
        return self.clock.now().date()

    async def period(self, since: date, until: date) -> PeriodSummary:
        """Usage between two UTC days, both included."""
        rows = await asyncio.to_thread(self.views.usage_days, None, since, until)
        return await self.named(summarise(rows, since, until))

    async def named(self, summary: PeriodSummary) -> PeriodSummary:
        """The top spenders with the names Telegram last showed, unless the reports are pseudonymous."""
        ids = [s.user_id for s in summary.top]
        people = await asyncio.to_thread(names_of, self.views, ids, self.pseudonymous)
        top = tuple(
            replace(s, name=p.name, username=p.username) if (p := people.get(s.user_id)) else s
            for s in summary.top
        )
        return replace(summary, top=top)

    async def last_days(self, days: int) -> PeriodSummary:
        """The last `days` UTC days, today included."""
        today = self.today()
        return await self.period(today - timedelta(days=days - 1), today)

    async def budget(self) -> BudgetReport:
        """This month's spending against the global cap, and who spent most."""
        today = self.today()
        month_start = today.replace(day=1)
        month = await self.period(month_start, today)
        counts, cap = month.counts, self.global_cap_micros
        return BudgetReport(
            month_start,
            today,
            counts.cost_micros,
            cap,
            month.top,
            counts.estimated_requests,
            counts.estimated_cost_micros,
        )
