"""Send slots and window counts on the real redis-server: shared by workers, kept locally in an outage."""

import itertools
import logging
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from adapters.redis.send_slots import RedisSendSlots
from adapters.redis.window_counter import RedisWindowCounter
from application.send_limits import Limit
from tests.contracts.send_slots_contract import GROUP, MakeSlots, SendSlotsContract, Ticks
from tests.contracts.window_counter_contract import MakeCounter, WindowCounterContract

pytestmark = pytest.mark.redis

namespaces = itertools.count()


class TestRedisSendSlots(SendSlotsContract):
    @pytest.fixture
    def make_slots(self, redis_conn: Redis) -> MakeSlots:
        return lambda clock: RedisSendSlots(redis_conn, prefix=f"send-{next(namespaces)}:", clock=clock)


class TestRedisWindowCounter(WindowCounterContract):
    @pytest.fixture
    def make_counter(self, redis_conn: Redis) -> MakeCounter:
        return lambda: RedisWindowCounter(redis_conn, prefix=f"hits-{next(namespaces)}:")


async def test_two_workers_share_each_chat_s_slots(redis_clients: Callable[[], Redis]) -> None:
    clock = Ticks()
    first, second = RedisSendSlots(redis_clients(), clock=clock), RedisSendSlots(redis_clients(), clock=clock)
    delays = [(await worker.take([GROUP])).delay for worker in (first, second, first, second)]
    assert delays == pytest.approx([0.0, 3.0, 6.0, 9.0])


async def test_two_workers_count_into_one_window(redis_clients: Callable[[], Redis]) -> None:
    first, second = RedisWindowCounter(redis_clients()), RedisWindowCounter(redis_clients())
    assert [await worker.hit("flood:7", 60) for worker in (first, second, first)] == [1, 2, 3]


async def test_a_window_expires_its_period_after_its_first_hit(redis_conn: Redis) -> None:
    counter = RedisWindowCounter(redis_conn)
    await counter.hit("flood:7", 60)
    await counter.hit("flood:7", 60)
    assert 59 <= await redis_conn.ttl("hits:flood:7") <= 60


async def test_a_chat_s_slot_key_lives_no_longer_than_its_spacing(redis_conn: Redis) -> None:
    slots = RedisSendSlots(redis_conn, clock=Ticks())
    await slots.take([Limit("chat:-5", 3.0)])
    assert 2900 <= await redis_conn.pttl("send:chat:-5") <= 3000


async def test_with_redis_unreachable_slots_and_counts_hold_in_this_process_with_one_warning(
    unreachable_redis_clients: Callable[[], Redis], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    slots = RedisSendSlots(unreachable_redis_clients())
    counter = RedisWindowCounter(unreachable_redis_clients())
    assert (await slots.take([GROUP])).delay == 0.0
    assert (await slots.take([GROUP])).delay == pytest.approx(3.0, abs=0.1)
    assert [await counter.hit("flood:7", 60) for _ in range(2)] == [1, 2]
    assert len([r for r in caplog.records if "redis unavailable" in r.getMessage()]) == 2
