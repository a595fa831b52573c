"""The embedded default SendSlots: each limit's next theoretical arrival, kept in this process."""

import time
from collections.abc import Callable, Sequence

from application.send_limits import Limit, Slot, reserve

PRUNE_ABOVE = 10_000


class InMemorySendSlots:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.arrivals: dict[str, float] = {}

    async def take(self, limits: Sequence[Limit], patience: float | None = None) -> Slot:
        return self.take_now(limits, patience)

    def take_now(self, limits: Sequence[Limit], patience: float | None = None) -> Slot:
        now = self.monotonic()
        slot, arrivals = reserve(now, limits, self.arrivals, patience)
        self.arrivals.update(arrivals)
        if len(self.arrivals) > PRUNE_ABOVE:  # a key whose arrival has passed counts as never seen
            self.arrivals = {key: at for key, at in self.arrivals.items() if at > now}
        return slot
