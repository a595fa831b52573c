"""The embedded default Cache: a dict with expiry times, for one process."""

import time
from collections.abc import Callable

from application.errors import CacheUnavailable


class InMemoryCache:
    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self.values: dict[str, tuple[str, float]] = {}
        self.available = True

    async def get(self, key: str) -> str | None:
        self._require_available()
        entry = self.values.get(key)
        if entry is None:
            return None
        value, expires = entry
        if self.monotonic() >= expires:
            del self.values[key]
            return None
        return value

    async def set(self, key: str, value: str, ttl_seconds: int) -> None:
        self._require_available()
        self.values[key] = (value, self.monotonic() + ttl_seconds)

    async def delete(self, key: str) -> None:
        self._require_available()
        self.values.pop(key, None)

    def _require_available(self) -> None:
        if not self.available:
            raise CacheUnavailable("the in-memory cache is switched off")
