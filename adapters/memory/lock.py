"""The embedded default ConversationLock: one asyncio.Lock per key, dropped when nobody holds it."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class InMemoryConversationLock:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[key] -= 1
            if self._users[key] == 0:
                del self._users[key], self._locks[key]

    def held_keys(self) -> list[str]:
        return [key for key, lock in self._locks.items() if lock.locked()]
