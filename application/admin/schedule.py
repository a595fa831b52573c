"""When the admins' summaries are due, and the loop that sends them and runs the alert checks.

The loop computes the next DAILY_SUMMARY_TIME (and the next weekly day) from the clock and sends what is
due when it gets there; a summary is claimed in the AlertLedger first, so it goes out once across workers
and restarts. A summary falling due while no process runs is skipped, not sent late.
"""

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from application.ports import AlertCheck, Clock, SummarySender

log = logging.getLogger(__name__)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def next_run(after: datetime, at: time, weekday: int | None = None) -> datetime:
    """The first moment strictly after `after` that is `at` o'clock UTC (on `weekday`, 0 = Monday, if given)."""
    after = after.astimezone(UTC)
    candidate = datetime.combine(after.date(), at, tzinfo=UTC)
    if candidate <= after:
        candidate += timedelta(days=1)
    if weekday is not None:
        candidate += timedelta(days=(weekday - candidate.weekday()) % 7)
    return candidate


@dataclass(frozen=True)
class SummarySchedule:
    """None switches a summary off."""

    daily_at: time | None
    weekly_day: int | None

    def next_daily(self, after: datetime) -> datetime | None:
        return None if self.daily_at is None else next_run(after, self.daily_at)

    def next_weekly(self, after: datetime) -> datetime | None:
        if self.daily_at is None or self.weekly_day is None:
            return None
        return next_run(after, self.daily_at, self.weekly_day)


Sleep = Callable[[float], Awaitable[None]]


class AdminRoutine:
    """Summaries at their times and alert checks every `check_seconds`; drive it with `step`."""

    def __init__(
        self,
        clock: Clock,
        schedule: SummarySchedule,
        summaries: SummarySender,
        checks: Sequence[AlertCheck],
        check_seconds: float,
    ) -> None:
        self.clock, self.schedule, self.summaries = clock, schedule, summaries
        self.checks, self.check_seconds = tuple(checks), check_seconds
        now = clock.now()
        self.next_daily, self.next_weekly = schedule.next_daily(now), schedule.next_weekly(now)

    async def step(self) -> float:
        """Send what is due, run the checks; the seconds to wait before the next step."""
        now = self.clock.now()
        if self.next_daily is not None and now >= self.next_daily:
            # Yesterday, a whole UTC day; a failure leaves it due, so the next step tries again.
            yesterday = self.next_daily.date() - timedelta(days=1)
            if await self._attempt("daily summary", self.summaries.send_daily(yesterday)):
                self.next_daily = self.schedule.next_daily(now)
        if self.next_weekly is not None and now >= self.next_weekly:
            last_day = self.next_weekly.date() - timedelta(days=1)
            if await self._attempt("weekly summary", self.summaries.send_weekly(last_day)):
                self.next_weekly = self.schedule.next_weekly(now)
        for check in self.checks:
            await self._attempt(type(check).__name__, check.check())
        return self._pause(self.clock.now())

    async def run(self, sleep: Sleep) -> None:
        """Step until cancelled."""
        while True:
            await sleep(await self.step())

    def _pause(self, now: datetime) -> float:
        # A summary still due after a failure is retried with the checks, not in a tight loop.
        ahead = [due for due in (self.next_daily, self.next_weekly) if due is not None and due > now]
        return min([self.check_seconds, *((due - now).total_seconds() for due in ahead)])

    @staticmethod
    async def _attempt(what: str, work: Awaitable[object]) -> bool:
        try:
            await work
        except Exception as error:
            log.error("%s failed: %s", what, error)
            return False
        return True
