"""The RedeemedTokens port on Redis (SET NX EX), shared by every worker; falls back to this process's memory."""

import logging

from redis.asyncio import Redis

from adapters.memory.redeemed_tokens import InMemoryRedeemedTokens
from adapters.redis.outage import REDIS_DOWN_ERRORS, OutageLog

log = logging.getLogger(__name__)


class RedisRedeemedTokens:
    def __init__(
        self,
        redis: "Redis",
        prefix: str = "login-token:",
        local: InMemoryRedeemedTokens | None = None,
        outage: OutageLog | None = None,
    ) -> None:
        self.redis, self.prefix = redis, prefix
        self.local = local if local is not None else InMemoryRedeemedTokens()
        self.outage = (
            outage
            if outage is not None
            else OutageLog(log, "login links are single use in this process only")
        )

    async def claim(self, nonce: str, ttl_seconds: int) -> bool:
        # As RedisUpdateGuard does: this process's memory answers first and is always written, so a link
        # used here during an outage is still refused here after Redis returns.
        if not self.local.remember(nonce, ttl_seconds):
            return False
        try:
            first = await self.redis.set(f"{self.prefix}{nonce}", "1", nx=True, ex=ttl_seconds)
        except REDIS_DOWN_ERRORS as error:
            self.outage.failed(error)
            return True
        self.outage.succeeded()
        return bool(first)
