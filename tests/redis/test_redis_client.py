"""Many conversations at once wait their turn for a Redis connection; they are not taken for an outage."""

import asyncio

import pytest

from adapters.redis.client import redis_client

pytestmark = pytest.mark.redis

HANG_GUARD_SECONDS = 30


async def test_more_simultaneous_commands_than_pooled_connections_all_succeed(redis_url: str) -> None:
    client = redis_client(redis_url, max_connections=8)
    try:
        keys = [f"load:{n}" for n in range(300)]
        await asyncio.wait_for(
            asyncio.gather(*(client.set(key, key, ex=60) for key in keys)), HANG_GUARD_SECONDS
        )
        values = await asyncio.wait_for(
            asyncio.gather(*(client.get(key) for key in keys)), HANG_GUARD_SECONDS
        )
        assert values == keys
    finally:
        await client.aclose()
