"""Redis health for /status: a PING."""

from redis.asyncio import Redis


class RedisHealthProbe:
    name = "Redis"

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def check(self) -> None:
        await self.redis.ping()
