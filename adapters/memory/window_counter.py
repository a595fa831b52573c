"""The embedded default WindowCounter: hits per key in fixed windows, for one process."""

import time
from collections.abc import Callable

PRUNE_ABOVE = 10_000


class InMemoryWindowCounter:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.windows: dict[str, tuple[int, float]] = {}

    async def hit(self, key: str, window_seconds: int) -> int:
        return self.count(key, window_seconds)

    def count(self, key: str, window_seconds: int) -> int:
        now = self.monotonic()
        hits, ends = self.windows.get(key, (0, now))
        if ends <= now:
            hits, ends = 0, now + window_seconds
        self.windows[key] = (hits + 1, ends)
        if len(self.windows) > PRUNE_ABOVE:
            self.windows = {k: v for k, v in self.windows.items() if v[1] > now}
        return hits + 1
