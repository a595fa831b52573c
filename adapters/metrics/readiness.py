"""Whether this process should be sent traffic: not while it stops, nor while the store does not answer or
the analytics views are far behind the log. Redis is reported, never a reason: without it the bot runs on
its in-process stand-ins (ADR 0036)."""

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import TypeVar

from application.ports import AnalyticsViews, HealthProbe
from application.projection.ports import EventLog

T = TypeVar("T")
PROBE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Verdict:
    ready: bool
    parts: dict[str, str] = field(default_factory=dict)
    """Each part checked: "ok", or what is wrong with it."""


class Readiness:
    def __init__(
        self,
        store: HealthProbe,
        events: EventLog,
        views: AnalyticsViews,
        max_lag: int,
        stopping: asyncio.Event,
        redis: HealthProbe | None = None,
        timeout_seconds: float = PROBE_TIMEOUT_SECONDS,
    ) -> None:
        self.store, self.events, self.views, self.max_lag = store, events, views, max_lag
        self.stopping, self.redis, self.timeout_seconds = stopping, redis, timeout_seconds

    async def verdict(self) -> Verdict:
        if self.stopping.is_set():
            return Verdict(False, {"stopping": "the bot is stopping"})
        parts = {"store": await self._probe(self.store)}
        lag = await self.lag()
        if lag is None:
            parts["projection"] = "the projection's position could not be read"
        else:
            parts["projection"] = (
                "ok" if lag <= self.max_lag else f"{lag} events behind (at most {self.max_lag})"
            )
        blocking = [name for name, state in parts.items() if state != "ok"]
        if self.redis is not None:
            parts["redis"] = await self._probe(self.redis)
        return Verdict(not blocking, parts)

    async def lag(self) -> int | None:
        """How many events the analytics views are behind the log; None when either cannot be read."""
        return await self._bounded(asyncio.to_thread(self._lag))

    def _lag(self) -> int:
        return max(0, self.events.last_position() - self.views.position())

    async def _probe(self, probe: HealthProbe) -> str:
        try:
            await asyncio.wait_for(probe.check(), self.timeout_seconds)
        except TimeoutError:
            return f"no answer within {self.timeout_seconds:g} s"
        except Exception as error:
            return type(error).__name__
        return "ok"

    async def _bounded(self, work: Awaitable[T]) -> T | None:
        try:
            return await asyncio.wait_for(work, self.timeout_seconds)
        except Exception:
            return None
