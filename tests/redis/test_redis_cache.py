"""RedisCache passes the Cache contract on a real redis-server, and lives through an outage."""

import asyncio
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from adapters.redis.cache import RedisCache
from application.errors import CacheUnavailable
from tests.contracts.cache_contract import CacheContract, LetTimePass, MakeCache
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.redis

HANG_GUARD_SECONDS = 10


class TestRedisCache(CacheContract):
    @pytest.fixture
    def make_cache(self, redis_clients: Callable[[], Redis]) -> MakeCache:
        return lambda: RedisCache(redis_clients())

    @pytest.fixture
    def let_time_pass(self) -> LetTimePass:
        return asyncio.sleep

    @pytest.fixture
    def make_unreachable_cache(self, unreachable_redis_clients: Callable[[], Redis]) -> MakeCache:
        return lambda: RedisCache(unreachable_redis_clients())


async def test_values_carry_their_time_to_live_in_redis(redis_conn: Redis) -> None:
    await RedisCache(redis_conn, prefix="c:").set("k", "v", ttl_seconds=600)
    assert 0 < await redis_conn.ttl("c:k") <= 600


async def test_a_value_with_no_time_to_live_left_is_not_stored(redis_conn: Redis) -> None:
    cache = RedisCache(redis_conn)
    await cache.set("k", "old", ttl_seconds=600)
    await cache.set("k", "new", ttl_seconds=0)
    assert await cache.get("k") is None


async def test_an_outage_raises_cache_unavailable_and_the_cache_recovers_by_itself(
    redis_server: RedisServer, redis_conn: Redis
) -> None:
    cache = RedisCache(redis_conn)
    await cache.set("k", "before", ttl_seconds=600)
    redis_server.stop()
    for operation in (cache.get("k"), cache.set("k", "v", ttl_seconds=60), cache.delete("k")):
        with pytest.raises(CacheUnavailable):
            await asyncio.wait_for(operation, HANG_GUARD_SECONDS)  # failing must not hang
    redis_server.start()
    await cache.set("k", "after", ttl_seconds=600)
    assert await cache.get("k") == "after"
