"""The SendSlots port on Redis: application/send_limits.reserve as one script over every key of the
send, so all workers share each limit; this process keeps its own slots while Redis is down.

Times go to Redis as integer microseconds of the caller's wall clock (workers on several hosts need
their clocks in step, as NTP keeps them; a skew only shifts the spacing by as much)."""

import logging
import time
from collections.abc import Callable, Sequence

from redis.asyncio import Redis

from adapters.memory.send_slots import InMemorySendSlots
from adapters.redis.outage import REDIS_DOWN_ERRORS, OutageLog
from application.send_limits import Limit, Slot

log = logging.getLogger(__name__)

MICROS = 1_000_000

# ARGV: now, patience (-1: none), then each key's interval and tolerance; all in microseconds.
RESERVE = """
local now = tonumber(ARGV[1])
local patience = tonumber(ARGV[2])
local start = now
local arrivals = {}
for i = 1, #KEYS do
  arrivals[i] = tonumber(redis.call('GET', KEYS[i])) or now
  start = math.max(start, arrivals[i] - tonumber(ARGV[2 + 2 * i]))
end
local delay = start - now
if patience >= 0 and delay > patience then return {0, delay} end
for i = 1, #KEYS do
  local arrival = math.max(arrivals[i], start) + tonumber(ARGV[1 + 2 * i])
  local ttl = math.max(1, math.ceil((arrival - now) / 1000))
  redis.call('SET', KEYS[i], string.format('%d', arrival), 'PX', ttl)
end
return {1, delay}
"""


def micros(seconds: float) -> int:
    return round(seconds * MICROS)


class RedisSendSlots:
    def __init__(
        self,
        redis: "Redis",
        prefix: str = "send:",
        clock: Callable[[], float] = time.time,
        local: InMemorySendSlots | None = None,
        outage: OutageLog | None = None,
    ) -> None:
        self.prefix, self.clock = prefix, clock
        self.script = redis.register_script(RESERVE)
        self.local = local if local is not None else InMemorySendSlots()
        self.outage = (
            outage if outage is not None else OutageLog(log, "send limits hold in this process only")
        )

    async def take(self, limits: Sequence[Limit], patience: float | None = None) -> Slot:
        if not limits:
            return Slot(0.0)
        args = [micros(self.clock()), -1 if patience is None else micros(patience)]
        for limit in limits:
            args += [micros(limit.interval), micros(limit.tolerance)]
        try:
            taken, delay = await self.script(keys=[self.prefix + limit.key for limit in limits], args=args)
        except REDIS_DOWN_ERRORS as error:
            self.outage.failed(error)
            return self.local.take_now(limits, patience)
        self.outage.succeeded()
        return Slot(int(delay) / MICROS, taken=bool(taken))
