"""Spacing for outbound sends: each limit lets `burst` sends through at once, then one per `interval`
(the generic cell rate algorithm, kept as one theoretical arrival time per key)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    key: str
    interval: float
    burst: int = 1

    @property
    def tolerance(self) -> float:
        return self.interval * (self.burst - 1)


@dataclass(frozen=True)
class Slot:
    """When a send may go, in seconds from now; not taken when that is beyond the caller's patience."""

    delay: float
    taken: bool = True


def reserve(
    now: float, limits: Sequence[Limit], arrivals: Mapping[str, float], patience: float | None
) -> tuple[Slot, dict[str, float]]:
    """The slot under every limit at once, and each key's next theoretical arrival once it is taken
    (nothing changes when it is not)."""
    start = now
    for limit in limits:
        start = max(start, arrivals.get(limit.key, now) - limit.tolerance)
    delay = start - now
    if patience is not None and delay > patience:
        return Slot(delay, taken=False), {}
    return Slot(delay), {
        limit.key: max(arrivals.get(limit.key, now), start) + limit.interval for limit in limits
    }
