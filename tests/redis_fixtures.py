"""Fixtures for tests on a real redis-server: one server per session, an empty database per test."""

from collections.abc import AsyncIterator, Callable, Iterator

import pytest
import redis as sync_redis
from redis.asyncio import Redis

from adapters.redis.client import redis_client
from tests.support.redis_server import RedisServer, find_redis_server, free_port


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    try:
        binary = find_redis_server()
    except RuntimeError as missing:
        pytest.fail(str(missing), pytrace=False)
    server = RedisServer(tmp_path_factory.mktemp("redis"), binary)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The server's URL, with the server running (an outage test may have stopped it) and empty."""
    redis_server.start()
    with sync_redis.Redis.from_url(redis_server.url) as admin:
        admin.flushall()
    return redis_server.url


@pytest.fixture
async def redis_conn(redis_url: str) -> AsyncIterator[Redis]:
    client = redis_client(redis_url)
    yield client
    await client.aclose()


@pytest.fixture
async def redis_clients(redis_url: str) -> AsyncIterator[Callable[[], Redis]]:
    """Makes clients of the test server, one per simulated worker process; all closed afterwards."""
    made: list[Redis] = []

    def make() -> Redis:
        made.append(redis_client(redis_url))
        return made[-1]

    yield make
    for client in made:
        await client.aclose()


@pytest.fixture
async def unreachable_redis_clients() -> AsyncIterator[Callable[[], Redis]]:
    """Makes clients of a port where nothing listens."""
    made: list[Redis] = []
    url = f"redis://127.0.0.1:{free_port()}/0"

    def make() -> Redis:
        made.append(redis_client(url))
        return made[-1]

    yield make
    for client in made:
        await client.aclose()
