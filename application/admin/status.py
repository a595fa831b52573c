"""/status: uptime, users, today's usage and cost, projection lag, and the health of Redis and the database."""

import asyncio
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar

from application.admin.pause import PauseService, PauseState
from application.ports import Aggregates, AnalyticsViews, Clock, HealthProbe
from application.projection.ports import EventLog
from application.views import GlobalStats, UsageCounts
from domain.operations import PauseSwitch, pause_switch_id

log = logging.getLogger(__name__)
T = TypeVar("T")

PROBE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Health:
    name: str
    ok: bool | None
    """None: the dependency is not configured (its in-process stand-in is used)."""
    error: str = ""


@dataclass(frozen=True)
class StatusReport:
    started_at: datetime
    now: datetime
    users: int | None
    active_today: int | None
    today: UsageCounts | None
    lag: int | None
    health: tuple[Health, ...]
    pause: PauseState | None

    @property
    def uptime(self) -> timedelta:
        return self.now - self.started_at


class StoreProbe:
    """The event store answers a read."""

    name = "Database"

    def __init__(self, store: Aggregates) -> None:
        self.store = store

    async def check(self) -> None:
        await self.store.get(pause_switch_id(), PauseSwitch)


class StatusService:
    def __init__(
        self,
        clock: Clock,
        views: AnalyticsViews,
        events: EventLog,
        probes: Sequence[HealthProbe],
        unused: Sequence[str],
        pause: PauseService,
        timeout_seconds: float = PROBE_TIMEOUT_SECONDS,
    ) -> None:
        self.clock, self.views, self.events, self.pause = clock, views, events, pause
        self.probes, self.unused, self.timeout_seconds = tuple(probes), tuple(unused), timeout_seconds
        self.started_at = clock.now()

    async def report(self) -> StatusReport:
        """Each part has its own short timeout; a part that fails is reported, never fatal."""
        now = self.clock.now()
        numbers = await self._bounded(asyncio.to_thread(self._numbers, now.date()))
        stats, today = numbers if numbers else (None, None)
        lag = await self._bounded(asyncio.to_thread(self._lag))
        health = [await self._probe(probe) for probe in self.probes]
        health += [Health(name, None) for name in self.unused]
        pause = await self._bounded(self.pause.state())
        return StatusReport(
            self.started_at,
            now,
            stats.users if stats else None,
            stats.active_today if stats else None,
            today,
            lag,
            tuple(health),
            pause,
        )

    def _lag(self) -> int:
        return max(0, self.events.last_position() - self.views.position())

    def _numbers(self, today: date) -> tuple[GlobalStats, UsageCounts]:
        rows = self.views.usage_days(None, today, today)
        return self.views.global_stats(today), sum((row.counts for row in rows), UsageCounts())

    async def _probe(self, probe: HealthProbe) -> Health:
        try:
            await asyncio.wait_for(probe.check(), self.timeout_seconds)
        except TimeoutError:
            return Health(probe.name, False, f"no answer within {self.timeout_seconds:g} s")
        except Exception as error:
            return Health(probe.name, False, str(error) or type(error).__name__)
        return Health(probe.name, True)

    async def _bounded(self, work: Awaitable[T]) -> T | None:
        try:
            return await asyncio.wait_for(work, self.timeout_seconds)
        except Exception as error:
            log.warning("status: a part could not be read: %s", error)
            return None
