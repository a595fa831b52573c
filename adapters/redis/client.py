"""A Redis client that fails fast: short socket timeouts and no retries, so an outage costs ~1s, not minutes."""

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

DEFAULT_TIMEOUT_SECONDS = 1.0


def redis_client(url: str, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS) -> "Redis":
    return Redis.from_url(
        url,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        retry=Retry(NoBackoff(), retries=0),
        decode_responses=True,
    )
