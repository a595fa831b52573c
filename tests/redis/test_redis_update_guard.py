import asyncio
import itertools
import logging
from collections.abc import AsyncIterator, Callable

import pytest
from redis.asyncio import Redis

from adapters.redis.client import redis_client
from adapters.redis.update_guard import RedisUpdateGuard
from application.ports import UpdateGuard
from tests.contracts.update_guard_contract import UpdateGuardContract
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.redis

namespaces = itertools.count()


class TestRedisUpdateGuard(UpdateGuardContract):
    @pytest.fixture
    def make_guard(self, redis_conn: Redis) -> Callable[[], UpdateGuard]:
        return lambda: RedisUpdateGuard(redis_conn, prefix=f"update-{next(namespaces)}:")


@pytest.fixture
async def second_worker_conn(redis_url: str) -> AsyncIterator[Redis]:
    client = redis_client(redis_url)
    yield client
    await client.aclose()


async def test_an_update_handled_by_one_worker_is_recognised_by_another(
    redis_conn: Redis, second_worker_conn: Redis
) -> None:
    assert await RedisUpdateGuard(redis_conn).first_time(42) is True
    assert await RedisUpdateGuard(second_worker_conn).first_time(42) is False


async def test_concurrent_deliveries_to_many_workers_pass_once(redis_url: str) -> None:
    clients = [redis_client(redis_url) for _ in range(5)]
    try:
        results = await asyncio.gather(*(RedisUpdateGuard(c).first_time(9) for c in clients))
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    assert sorted(results) == [False, False, False, False, True]


async def test_remembered_ids_expire_in_redis(redis_conn: Redis) -> None:
    await RedisUpdateGuard(redis_conn, ttl_seconds=3600, prefix="u:").first_time(1)
    assert 0 < await redis_conn.ttl("u:1") <= 3600


async def test_during_an_outage_redelivery_is_still_caught_in_this_process(
    redis_server: RedisServer, redis_conn: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    guard = RedisUpdateGuard(redis_conn)
    assert await guard.first_time(1) is True
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="adapters.redis.update_guard"):
        assert await asyncio.wait_for(guard.first_time(1), timeout=10) is False
        assert await asyncio.wait_for(guard.first_time(2), timeout=10) is True
        assert await asyncio.wait_for(guard.first_time(2), timeout=10) is False
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    redis_server.start()
    # Redis lost update 2 (no persistence) but this process still remembers it.
    assert await guard.first_time(2) is False
    assert await guard.first_time(3) is True
    assert await redis_conn.get("update:3") is not None
