"""The ConversationLock port on Redis: one holder per key across processes, with an expiry that a
watchdog keeps extending while the holder runs; falls back to an in-process lock when Redis is down."""

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis

from adapters.memory.lock import InMemoryConversationLock
from adapters.redis.outage import REDIS_DOWN_ERRORS, OutageLog

log = logging.getLogger(__name__)

RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""
EXTEND = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end
"""


class RedisConversationLock:
    def __init__(
        self,
        redis: "Redis",
        expiry_seconds: float = 30.0,
        extend_every_seconds: float | None = None,
        poll_seconds: float = 0.05,
        prefix: str = "lock:",
        local: InMemoryConversationLock | None = None,
        outage: OutageLog | None = None,
    ) -> None:
        self.redis, self.prefix = redis, prefix
        self.expiry_ms = max(1, round(expiry_seconds * 1000))
        self.extend_every = extend_every_seconds if extend_every_seconds is not None else expiry_seconds / 3
        self.poll_seconds = poll_seconds
        # Callers in this process queue here first, so only one of them at a time polls Redis, and the
        # same lock keeps them in order when Redis is down.
        self.local = local if local is not None else InMemoryConversationLock()
        self._background: set[asyncio.Task[None]] = set()
        self.outage = (
            outage
            if outage is not None
            else OutageLog(log, "conversation locks hold within this process only")
        )

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        async with self.local.hold(key):
            name = self.prefix + key
            token = await self._acquire(name)
            if token is None:
                yield
                return
            watchdog = asyncio.create_task(self._keep_extending(name, token))
            try:
                yield
            finally:
                watchdog.cancel()
                # Shielded: a holder cancelled while leaving still gives the key back.
                await asyncio.shield(self._in_background(self._give_back(watchdog, name, token)))

    async def _acquire(self, name: str) -> str | None:
        """Waits until this process holds the key in Redis; None when Redis cannot be reached."""
        token = secrets.token_hex(16)
        while True:
            attempt = asyncio.ensure_future(self.redis.set(name, token, nx=True, px=self.expiry_ms))
            try:
                acquired = await asyncio.shield(attempt)
            except asyncio.CancelledError:
                # The SET may still succeed after the caller gave up: give the key back, rather than
                # leave the next caller waiting for it to expire.
                attempt.add_done_callback(lambda done: self._release_if_acquired(done, name, token))
                raise
            except REDIS_DOWN_ERRORS as error:
                self.outage.failed(error)
                return None
            self.outage.succeeded()
            if acquired:
                return token
            await asyncio.sleep(self.poll_seconds)

    def _release_if_acquired(self, attempt: "asyncio.Future[Any]", name: str, token: str) -> None:
        if attempt.cancelled() or attempt.exception() is not None or not attempt.result():
            return
        self._in_background(self._release(name, token))

    def _in_background(self, work: Coroutine[Any, Any, None]) -> "asyncio.Task[None]":
        task = asyncio.create_task(work)
        self._background.add(task)  # a reference, so the task is not collected before it ends
        task.add_done_callback(self._background.discard)
        return task

    async def _give_back(self, watchdog: "asyncio.Task[None]", name: str, token: str) -> None:
        await asyncio.wait({watchdog})
        await self._release(name, token)

    async def _keep_extending(self, name: str, token: str) -> None:
        while True:
            await asyncio.sleep(self.extend_every)
            try:
                extended = await self.redis.eval(EXTEND, 1, name, token, str(self.expiry_ms))
            except REDIS_DOWN_ERRORS as error:
                self.outage.failed(error)
                continue
            self.outage.succeeded()
            if not extended:
                log.warning("conversation lock %s expired while held; another worker may run at once", name)
                return

    async def _release(self, name: str, token: str) -> None:
        try:
            await self.redis.eval(RELEASE, 1, name, token)
        except REDIS_DOWN_ERRORS as error:
            # The key expires by itself.
            self.outage.failed(error)
        else:
            self.outage.succeeded()
