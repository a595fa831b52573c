"""The embedded default UpdateGuard: recently seen update ids, bounded in number and age."""

import time
from collections import OrderedDict
from collections.abc import Callable

DEFAULT_TTL_SECONDS = 24 * 60 * 60
DEFAULT_CAPACITY = 100_000


class InMemoryUpdateGuard:
    def __init__(
        self,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        capacity: int = DEFAULT_CAPACITY,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.ttl_seconds, self.capacity, self.monotonic = ttl_seconds, capacity, monotonic
        # Insertion order is expiry order, because every id lives for the same ttl.
        self._expiry: OrderedDict[int, float] = OrderedDict()

    async def first_time(self, update_id: int) -> bool:
        return self.remember(update_id)

    def remember(self, update_id: int) -> bool:
        """Records the id; True when it was not already remembered."""
        now = self.monotonic()
        self._forget_expired(now)
        if update_id in self._expiry:
            return False
        self._expiry[update_id] = now + self.ttl_seconds
        while len(self._expiry) > self.capacity:
            self._expiry.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._expiry)

    def _forget_expired(self, now: float) -> None:
        while self._expiry:
            oldest, expires = next(iter(self._expiry.items()))
            if expires > now:
                return
            del self._expiry[oldest]
