"""The ConversationLock port on Redis: redis-py's lock, one holder per key across processes, with an
expiry that a watchdog keeps resetting while the holder runs; falls back to an in-process lock when
Redis is down."""

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockNotOwnedError

from adapters.memory.lock import InMemoryConversationLock
from adapters.redis.outage import REDIS_DOWN_ERRORS, OutageLog

log = logging.getLogger(__name__)


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
        self.expiry_seconds = expiry_seconds
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
            # One Lock object per hold, so its token is this holder's alone.
            lock = self.redis.lock(self.prefix + key, timeout=self.expiry_seconds, thread_local=False)
            if not await self._acquire(lock):
                yield
                return
            watchdog = asyncio.create_task(self._keep_extending(lock))
            try:
                yield
            finally:
                watchdog.cancel()
                # Shielded: a holder cancelled while leaving still gives the key back.
                await asyncio.shield(self._in_background(self._release(lock)))

    async def _acquire(self, lock: Lock) -> bool:
        """Waits until this process holds the key in Redis; False when Redis cannot be reached."""
        # One non-blocking attempt at a time rather than redis-py's blocking acquire, so that a caller
        # who gives up lets the attempt in flight finish and can give back what it took.
        while True:
            attempt = asyncio.ensure_future(lock.acquire(blocking=False))
            try:
                acquired = await asyncio.shield(attempt)
            except asyncio.CancelledError:
                # The attempt may still succeed after the caller gave up: give the key back, rather
                # than leave the next caller waiting for it to expire.
                attempt.add_done_callback(lambda done: self._release_if_acquired(done, lock))
                raise
            except REDIS_DOWN_ERRORS as error:
                self.outage.failed(error)
                return False
            self.outage.succeeded()
            if acquired:
                return True
            await asyncio.sleep(self.poll_seconds)

    def _release_if_acquired(self, attempt: "asyncio.Future[bool]", lock: Lock) -> None:
        if attempt.cancelled() or attempt.exception() is not None or not attempt.result():
            return
        self._in_background(self._release(lock))

    def _in_background(self, work: Coroutine[Any, Any, None]) -> "asyncio.Task[None]":
        task = asyncio.create_task(work)
        self._background.add(task)  # a reference, so the task is not collected before it ends
        task.add_done_callback(self._background.discard)
        return task

    async def _keep_extending(self, lock: Lock) -> None:
        while True:
            await asyncio.sleep(self.extend_every)
            try:
                await lock.reacquire()
            except LockNotOwnedError:
                self.outage.succeeded()
                log.warning(
                    "conversation lock %s expired while held; another worker may run at once", lock.name
                )
                return
            except REDIS_DOWN_ERRORS as error:
                self.outage.failed(error)
                continue
            self.outage.succeeded()

    async def _release(self, lock: Lock) -> None:
        try:
            await lock.release()
        except LockNotOwnedError:
            self.outage.succeeded()  # it expired while held: nothing of ours is left to give back
        except REDIS_DOWN_ERRORS as error:
            self.outage.failed(error)  # the key expires by itself
        else:
            self.outage.succeeded()
