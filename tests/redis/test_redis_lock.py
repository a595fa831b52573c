"""RedisConversationLock passes the lock contract across workers and through an outage, and expires
the lock of a crashed holder while extending the lock of a long run."""

import asyncio
import logging
from collections.abc import AsyncIterator, Callable

import pytest
from redis.asyncio import Redis

from adapters.memory.lock import InMemoryConversationLock
from adapters.redis.client import redis_client
from adapters.redis.lock import RedisConversationLock
from application.ports import ConversationLock
from tests.contracts.lock_contract import LockContract, MakeLock
from tests.support.redis_server import RedisServer

pytestmark = pytest.mark.redis

HANG_GUARD_SECONDS = 30


class Occupancy:
    """Counts how many holders are inside at once."""

    def __init__(self) -> None:
        self.inside, self.most, self.finished = 0, 0, 0

    async def visit(self, lock: ConversationLock, key: str) -> None:
        async with lock.hold(key):
            self.inside += 1
            self.most = max(self.most, self.inside)
            await asyncio.sleep(0.01)
            self.inside -= 1
        self.finished += 1


class TestRedisConversationLock(LockContract):
    @pytest.fixture
    def make_lock(self, redis_clients: Callable[[], Redis]) -> MakeLock:
        return lambda: RedisConversationLock(redis_clients(), poll_seconds=0.01)


class TestRedisConversationLockDuringAnOutage(LockContract):
    """Handles in one process share the in-process fallback, so the contract holds with Redis down."""

    @pytest.fixture
    def make_lock(self, unreachable_redis_clients: Callable[[], Redis]) -> MakeLock:
        fallback = InMemoryConversationLock()
        return lambda: RedisConversationLock(unreachable_redis_clients(), local=fallback)


@pytest.fixture
async def other_worker_conn(redis_url: str) -> AsyncIterator[Redis]:
    client = redis_client(redis_url)
    yield client
    await client.aclose()


async def test_the_lock_is_held_in_redis_and_released_after(redis_conn: Redis) -> None:
    lock = RedisConversationLock(redis_conn, prefix="lock:")
    async with lock.hold("chat:1"):
        assert await redis_conn.exists("lock:chat:1") == 1
    assert await redis_conn.exists("lock:chat:1") == 0


async def test_a_failing_holder_releases_the_lock(redis_conn: Redis) -> None:
    lock = RedisConversationLock(redis_conn, prefix="lock:")
    with pytest.raises(RuntimeError):
        async with lock.hold("chat:1"):
            raise RuntimeError("model failed")
    assert await redis_conn.exists("lock:chat:1") == 0


async def test_a_crashed_holder_blocks_only_until_its_lock_expires(redis_conn: Redis) -> None:
    await redis_conn.set("lock:chat:1", "token-of-a-crashed-worker", px=300)
    lock = RedisConversationLock(redis_conn, prefix="lock:", poll_seconds=0.02)

    async def enter() -> bytes | str | None:
        async with lock.hold("chat:1"):
            return await redis_conn.get("lock:chat:1")

    token = await asyncio.wait_for(enter(), HANG_GUARD_SECONDS)
    assert token not in (None, "token-of-a-crashed-worker")


async def test_a_long_run_keeps_its_lock_past_the_expiry(redis_conn: Redis, other_worker_conn: Redis) -> None:
    first = RedisConversationLock(redis_conn, expiry_seconds=1.0, extend_every_seconds=0.1)
    second = RedisConversationLock(other_worker_conn, expiry_seconds=1.0, poll_seconds=0.02)
    events: list[str] = []
    inside = asyncio.Event()

    async def long_run() -> None:
        async with first.hold("chat:1"):
            events.append("first in")
            inside.set()
            await asyncio.sleep(2.5)
            events.append("first out")

    async def later_run() -> None:
        await inside.wait()
        async with second.hold("chat:1"):
            events.append("second in")

    await asyncio.wait_for(asyncio.gather(long_run(), later_run()), HANG_GUARD_SECONDS)
    assert events == ["first in", "first out", "second in"]


async def test_during_an_outage_the_lock_still_serialises_this_process_and_warns_once(
    redis_server: RedisServer, redis_conn: Redis, caplog: pytest.LogCaptureFixture
) -> None:
    lock = RedisConversationLock(redis_conn, prefix="lock:")
    redis_server.stop()
    occupancy = Occupancy()
    with caplog.at_level(logging.WARNING, logger="adapters.redis.lock"):
        visits = [occupancy.visit(lock, "chat:1") for _ in range(6)]
        await asyncio.wait_for(asyncio.gather(*visits), HANG_GUARD_SECONDS)
    assert occupancy.most == 1
    assert occupancy.finished == 6
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    redis_server.start()
    async with lock.hold("chat:1"):
        assert await redis_conn.exists("lock:chat:1") == 1


async def test_an_outage_while_holding_does_not_fail_the_holder(
    redis_server: RedisServer, redis_conn: Redis
) -> None:
    lock = RedisConversationLock(redis_conn, expiry_seconds=1.0, extend_every_seconds=0.05)

    async def run() -> str:
        async with lock.hold("chat:1"):
            redis_server.stop()
            await asyncio.sleep(0.2)  # the watchdog meets the outage
            return "reply"

    assert await asyncio.wait_for(run(), HANG_GUARD_SECONDS) == "reply"


async def test_a_worker_that_gives_up_waiting_leaves_no_lock_behind(
    redis_conn: Redis, other_worker_conn: Redis
) -> None:
    holder = RedisConversationLock(redis_conn, prefix="lock:")
    quitter = RedisConversationLock(other_worker_conn, prefix="lock:", poll_seconds=0.01)

    async def wait_for_turn() -> None:
        async with quitter.hold("chat:1"):
            pytest.fail("the holder never let go, so the quitter cannot have entered")

    async with asyncio.timeout(HANG_GUARD_SECONDS):
        async with holder.hold("chat:1"):
            waiting = asyncio.create_task(wait_for_turn())
            await asyncio.sleep(0.1)  # lets it poll Redis a few times; the test holds without it too
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
    await asyncio.sleep(0.1)  # a quitter still polling would take the free key by now
    assert await redis_conn.exists("lock:chat:1") == 0


async def test_a_holder_whose_lock_expired_leaves_the_next_holders_lock_alone(
    redis_conn: Redis, other_worker_conn: Redis
) -> None:
    stalled = RedisConversationLock(redis_conn, expiry_seconds=0.2, extend_every_seconds=60)
    next_worker = RedisConversationLock(other_worker_conn, poll_seconds=0.02)
    next_inside, stalled_left = asyncio.Event(), asyncio.Event()

    async def stall() -> None:
        async with stalled.hold("chat:1"):
            await next_inside.wait()  # its key expired meanwhile, with no watchdog to reset it
        stalled_left.set()

    async def take_over() -> bool:
        async with next_worker.hold("chat:1"):
            next_inside.set()
            await stalled_left.wait()
            return bool(await redis_conn.exists("lock:chat:1"))

    async with asyncio.timeout(HANG_GUARD_SECONDS):
        holding = asyncio.create_task(stall())
        await asyncio.sleep(0.05)
        still_held = await take_over()
        await holding
    assert still_held
    assert await redis_conn.exists("lock:chat:1") == 0
