"""Used login links are remembered in this process, or by every worker through Redis."""

import asyncio
import itertools
import logging
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from adapters.memory.redeemed_tokens import InMemoryRedeemedTokens
from adapters.redis.redeemed_tokens import RedisRedeemedTokens
from application.dashboard.ports import RedeemedTokens
from tests.dashboard.redeemed_tokens_contract import RedeemedTokensContract
from tests.support.redis_server import RedisServer

namespaces = itertools.count()


class TestInMemoryRedeemedTokens(RedeemedTokensContract):
    @pytest.fixture
    def make_tokens(self) -> Callable[[], RedeemedTokens]:
        return InMemoryRedeemedTokens


@pytest.mark.redis
class TestRedisRedeemedTokens(RedeemedTokensContract):
    @pytest.fixture
    def make_tokens(self, redis_conn: Redis) -> Callable[[], RedeemedTokens]:
        return lambda: RedisRedeemedTokens(redis_conn, prefix=f"login-{next(namespaces)}:")


async def test_a_nonce_is_forgotten_in_memory_once_its_time_is_up() -> None:
    now = [100.0]
    tokens = InMemoryRedeemedTokens(monotonic=lambda: now[0])
    await tokens.claim("n", 60)
    now[0] += 59
    assert await tokens.claim("n", 60) is False
    now[0] += 1
    assert await tokens.claim("other", 60) is True
    assert len(tokens) == 1  # "n" went when its time was up


@pytest.mark.redis
async def test_a_link_used_on_one_worker_is_refused_on_another(
    redis_clients: Callable[[], Redis],
) -> None:
    assert await RedisRedeemedTokens(redis_clients()).claim("n", 600) is True
    assert await RedisRedeemedTokens(redis_clients()).claim("n", 600) is False


@pytest.mark.redis
async def test_redis_forgets_a_nonce_when_its_link_expires(redis_conn: Redis) -> None:
    await RedisRedeemedTokens(redis_conn, prefix="t:").claim("n", 360)
    assert 0 < await redis_conn.ttl("t:n") <= 360


@pytest.mark.redis
async def test_during_an_outage_a_used_link_is_still_refused_in_this_process(
    redis_server: RedisServer, redis_conn: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    tokens = RedisRedeemedTokens(redis_conn)
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="adapters.redis.redeemed_tokens"):
        assert await asyncio.wait_for(tokens.claim("n", 600), timeout=10) is True
        assert await asyncio.wait_for(tokens.claim("n", 600), timeout=10) is False
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    redis_server.start()
    assert await tokens.claim("n", 600) is False  # Redis never heard of it; this process has
    assert await tokens.claim("m", 600) is True
    assert await redis_conn.get("login-token:m") is not None
