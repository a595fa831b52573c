"""Admin alerts that go out once per period: claimed in the month's AlertLedger before they are sent, so
several workers and restarts never send one twice. A claimed alert whose sending fails is not retried."""

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime

from application.messages import text
from application.ports import Aggregates, AnalyticsViews, Clock, Notifier
from application.retry import retry_on_conflict
from domain.clock import month_of
from domain.money import format_usd
from domain.operations import AlertLedger, alert_ledger_id_of

log = logging.getLogger(__name__)

BUDGET_THRESHOLDS = (80, 95)


class AlertClaims:
    """Records in the month's AlertLedger that an alert or summary is going out; False if it already has."""

    def __init__(self, store: Aggregates) -> None:
        self.store = store

    async def ledger(self, month: str) -> AlertLedger | None:
        return await self.store.get(alert_ledger_id_of(month), AlertLedger)

    async def claim(self, month: str, record: Callable[[AlertLedger], bool]) -> bool:
        async def attempt() -> bool:
            ledger = await self.ledger(month) or AlertLedger(month=month)
            if not record(ledger):
                return False
            await self.store.save(ledger)
            return True

        return await retry_on_conflict(attempt)


def crossed(spent_micros: int, cap_micros: int, thresholds: tuple[int, ...] = BUDGET_THRESHOLDS) -> list[int]:
    """The thresholds (percent of the cap) that this spending has reached."""
    return [t for t in thresholds if spent_micros * 100 >= t * cap_micros]


class BudgetAlerts:
    """Tells admins when the month's spending reaches 80% and 95% of the global cap, once per threshold."""

    def __init__(
        self,
        views: AnalyticsViews,
        clock: Clock,
        cap_micros: int | None,
        claims: AlertClaims,
        notifier: Notifier,
    ) -> None:
        self.views, self.clock, self.cap_micros = views, clock, cap_micros
        self.claims, self.notifier = claims, notifier

    async def check(self) -> int | None:
        """The threshold alerted now, if any (the highest reached, when several are reached at once)."""
        cap = self.cap_micros
        if not cap:
            return None
        now = self.clock.now()
        today = now.date()
        spent = await asyncio.to_thread(self.views.cost_between, today.replace(day=1), today)
        reached = crossed(spent, cap)
        if not reached:
            return None
        claimed = await self.claims.claim(
            month_of(now), lambda ledger: _record(ledger, reached, spent, cap, now)
        )
        if not claimed:
            return None
        highest = max(reached)
        await self.notifier.notify_admins(
            text("alert_budget", percent=highest, spent=format_usd(spent), cap=format_usd(cap))
        )
        return highest


def _record(ledger: AlertLedger, reached: list[int], spent: int, cap: int, at: datetime) -> bool:
    new = [t for t in reached if ledger.record_budget_alert(t, spent, cap, at)]
    return bool(new)
