"""The UpdateGuard port on Redis (SET NX EX), shared by every worker; falls back to this process's memory."""

import logging

from redis.asyncio import Redis

from adapters.memory.update_guard import DEFAULT_TTL_SECONDS, InMemoryUpdateGuard
from adapters.redis.outage import REDIS_DOWN_ERRORS, OutageLog

log = logging.getLogger(__name__)


class RedisUpdateGuard:
    def __init__(
        self,
        redis: "Redis",
        ttl_seconds: int = DEFAULT_TTL_SECONDS,
        prefix: str = "update:",
        local: InMemoryUpdateGuard | None = None,
        outage: OutageLog | None = None,
    ) -> None:
        self.redis, self.ttl_seconds, self.prefix = redis, ttl_seconds, prefix
        self.local = local if local is not None else InMemoryUpdateGuard(ttl_seconds=ttl_seconds)
        self.outage = (
            outage
            if outage is not None
            else OutageLog(log, "recognising redelivered updates in this process only")
        )

    async def first_time(self, update_id: int) -> bool:
        # This process's memory answers first and is always written, so two copies arriving together
        # cannot each win a different check, and an update seen during an outage (when Redis could not
        # record it) is still recognised here after Redis returns.
        if not self.local.remember(update_id):
            return False
        try:
            new_everywhere = await self.redis.set(
                f"{self.prefix}{update_id}", "1", nx=True, ex=self.ttl_seconds
            )
        except REDIS_DOWN_ERRORS as error:
            self.outage.failed(error)
            return True
        self.outage.succeeded()
        return bool(new_everywhere)
