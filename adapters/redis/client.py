"""A Redis client that fails fast: short socket timeouts and no retries, so an outage costs ~1s, not minutes.

Connections come from a bounded pool that makes a caller wait for a free connection rather than fail:
many conversations at once are load, not an outage. The wait is longer than the socket timeouts, so
only a pool whose every connection is stuck on a dead server gives up.
"""

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

DEFAULT_TIMEOUT_SECONDS = 1.0
MAX_CONNECTIONS = 128
POOL_WAIT_SECONDS = 10.0


def redis_client(
    url: str, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS, max_connections: int = MAX_CONNECTIONS
) -> "Redis":
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=max_connections,
        timeout=max(POOL_WAIT_SECONDS, timeout_seconds),
        socket_timeout=timeout_seconds,
        socket_connect_timeout=timeout_seconds,
        decode_responses=True,
    )
    return Redis(connection_pool=pool, retry=Retry(NoBackoff(), retries=0))
