"""Whether a dependency is known to be down, from a probe run at most every few seconds and never awaited
by the caller that asks: the webhook asks on every delivery, and a delivery must not wait on a probe."""

import asyncio
import logging

from application.ports import HealthProbe

log = logging.getLogger(__name__)

REFRESH_SECONDS = 3.0
PROBE_TIMEOUT_SECONDS = 3.0


class HealthWatch:
    def __init__(
        self,
        probe: HealthProbe,
        refresh_seconds: float = REFRESH_SECONDS,
        timeout_seconds: float = PROBE_TIMEOUT_SECONDS,
    ) -> None:
        self.probe, self.refresh_seconds, self.timeout_seconds = probe, refresh_seconds, timeout_seconds
        self.down = False
        self.checked_at: float | None = None
        self.checking: asyncio.Task[None] | None = None

    def known_down(self) -> bool:
        """The last probe's answer (up until one says otherwise); starts the next probe when it is due."""
        now = asyncio.get_running_loop().time()
        due = self.checked_at is None or now - self.checked_at >= self.refresh_seconds
        if due and self.checking is None:
            self.checked_at = now
            self.checking = asyncio.create_task(self._check())
        return self.down

    async def _check(self) -> None:
        try:
            await asyncio.wait_for(self.probe.check(), self.timeout_seconds)
        except Exception as error:  # a probe that fails in any way means the dependency cannot be used
            if not self.down:
                log.warning(
                    "%s is down (%s): deliveries are refused until it answers",
                    self.probe.name,
                    type(error).__name__,
                )
            self.down = True
        else:
            if self.down:
                log.info("%s answers again: deliveries are taken", self.probe.name)
            self.down = False
        finally:
            self.checking = None

    async def aclose(self) -> None:
        if self.checking is not None:
            self.checking.cancel()
            await asyncio.gather(self.checking, return_exceptions=True)
