"""The Cache port on Redis: every Redis failure surfaces as CacheUnavailable."""

from redis.asyncio import Redis

from adapters.redis.outage import REDIS_DOWN_ERRORS
from application.errors import CacheUnavailable


class RedisCache:
    def __init__(self, redis: "Redis", prefix: str = "cache:") -> None:
        self.redis, self.prefix = redis, prefix

    async def get(self, key: str) -> str | None:
        try:
            value = await self.redis.get(self.prefix + key)
        except REDIS_DOWN_ERRORS as error:
            raise CacheUnavailable(f"redis: {type(error).__name__}") from error
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
            raise CacheUnavailable(f"redis: {type(error).__name__}") from error

    async def delete(self, key: str) -> None:
        try:
            await self.redis.delete(self.prefix + key)
        except REDIS_DOWN_ERRORS as error:
            raise CacheUnavailable(f"redis: {type(error).__name__}") from error
