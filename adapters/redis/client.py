"""A Redis client that fails fast: short socket timeouts and no retries, so an outage costs ~1s, not minutes.

Connections come from a bounded pool that makes a caller wait for a free connection (up to the same
timeout) rather than fail: many conversations at once are load, not an outage.
"""

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

DEFAULT_TIMEOUT_SECONDS = 1.0
MAX_CONNECTIONS = 64


def redis_client(
    url: str, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS, max_connections: int = MAX_CONNECTIONS
) -> "Redis":
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=timeout_seconds,
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        decode_responses=True,
    )
    return Redis(connection_pool=pool, retry=Retry(NoBackoff(), retries=0))
