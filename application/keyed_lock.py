"""Mutual exclusion per key inside one process, for read-change-save cycles on one aggregate."""

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager


class KeyedLock:
    """Callers holding the same key run one at a time; a key's lock is dropped once nobody wants it."""

    def __init__(self) -> None:
        self._locks: dict[Hashable, tuple[asyncio.Lock, int]] = {}

    @asynccontextmanager
    async def hold(self, key: Hashable) -> AsyncIterator[None]:
        lock, wanted_by = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, wanted_by + 1)
        try:
            async with lock:
                yield
        finally:
            lock, wanted_by = self._locks[key]
            if wanted_by == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, wanted_by - 1)

    def __len__(self) -> int:
        return len(self._locks)
