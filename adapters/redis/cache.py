"""The Cache port on Redis: every Redis failure surfaces as CacheUnavailable."""

import logging

from redis.asyncio import Redis

from adapters.redis.outage import REDIS_DOWN_ERRORS, OutageLog
from application.errors import CacheUnavailable

log = logging.getLogger(__name__)


class RedisCache:
    def __init__(self, redis: "Redis", prefix: str = "cache:", outage: OutageLog | None = None) -> None:
        self.redis, self.prefix = redis, prefix
        self.outage = outage if outage is not None else OutageLog(log, "cached values are not available")

    def _down(self, error: BaseException) -> CacheUnavailable:
        self.outage.failed(error)
        return CacheUnavailable(f"redis: {type(error).__name__}")

    async def get(self, key: str) -> str | None:
        try:
            value = await self.redis.get(self.prefix + key)
        except REDIS_DOWN_ERRORS as error:
            raise self._down(error) from error
        self.outage.succeeded()
        if isinstance(value, bytes):
            return value.decode()
        return None if value is None else str(value)

    async def set(self, key: str, value: str, ttl_seconds: int) -> None:
        try:
            if ttl_seconds < 1:  # already expired, as in the in-memory cache
                await self.redis.delete(self.prefix + key)
            else:
                await self.redis.set(self.prefix + key, value, ex=ttl_seconds)
        except REDIS_DOWN_ERRORS as error:
            raise self._down(error) from error
        self.outage.succeeded()

    async def delete(self, key: str) -> None:
        try:
            await self.redis.delete(self.prefix + key)
        except REDIS_DOWN_ERRORS as error:
            raise self._down(error) from error
        self.outage.succeeded()
