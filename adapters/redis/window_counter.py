"""The WindowCounter port on Redis: INCR, and the window's expiry set by its first hit, in one script so
every worker counts into the same window; this process counts alone while Redis is down."""

import logging

from redis.asyncio import Redis

from adapters.memory.window_counter import InMemoryWindowCounter
from adapters.redis.outage import REDIS_DOWN_ERRORS, OutageLog

log = logging.getLogger(__name__)

HIT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return hits
"""


class RedisWindowCounter:
    def __init__(
        self,
        redis: "Redis",
        prefix: str = "hits:",
        local: InMemoryWindowCounter | None = None,
        outage: OutageLog | None = None,
    ) -> None:
        self.prefix = prefix
        self.script = redis.register_script(HIT)
        self.local = local if local is not None else InMemoryWindowCounter()
        self.outage = outage if outage is not None else OutageLog(log, "counting hits in this process only")

    async def hit(self, key: str, window_seconds: int) -> int:
        try:
            hits = await self.script(keys=[self.prefix + key], args=[window_seconds])
        except REDIS_DOWN_ERRORS as error:
            self.outage.failed(error)
            return self.local.count(key, window_seconds)
        self.outage.succeeded()
        return int(hits)
