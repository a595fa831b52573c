"""The health page: each dependency's probe, and how far the views trail the event log."""

import asyncio
from collections.abc import Sequence

from application.dashboard.model import Check, Health
from application.dashboard.ports import DashboardViews, LogHead
from application.errors import ApplicationError
from application.ports import HealthProbe

PROBE_SECONDS = 2.0


async def health_of(probes: Sequence[HealthProbe], views: DashboardViews, log: LogHead) -> Health:
    """Every probe (one after another, each within its time), then the views' position and the log's head."""
    checks = [await _checked(probe) for probe in probes]
    try:
        position, head = await asyncio.to_thread(lambda: (views.position(), log.last_position()))
    except ApplicationError as error:
        checks.append(Check("projection", False, str(error)))
        return Health(tuple(checks), 0, 0)
    checks.append(Check("projection", True, f"{max(0, head - position)} events behind"))
    return Health(tuple(checks), position, head)


async def _checked(probe: HealthProbe) -> Check:
    try:
        await asyncio.wait_for(probe.check(), PROBE_SECONDS)
    except TimeoutError:
        return Check(probe.name, False, f"no answer within {PROBE_SECONDS:g} s")
    except Exception as error:  # a probe's failure is what this page reports, whatever it is
        return Check(probe.name, False, type(error).__name__)
    return Check(probe.name, True, "answering")
