"""A redelivered update can arrive while its first copy is still being checked (polling hands both to
concurrent tasks; webhooks may be retried at once): exactly one copy may pass, never none."""

import asyncio

import pytest

from adapters.memory.update_guard import InMemoryUpdateGuard
from adapters.redis.client import redis_client
from adapters.redis.update_guard import RedisUpdateGuard
from adapters.sql.update_guard import SqlUpdateGuard
from adapters.sql.views.store import SqlAnalyticsViews

TRIALS = 40


async def test_two_copies_at_once_pass_exactly_once_in_memory() -> None:
    guard = InMemoryUpdateGuard()
    for update_id in range(TRIALS):
        assert sorted(await asyncio.gather(guard.first_time(update_id), guard.first_time(update_id))) == [
            False,
            True,
        ]


@pytest.mark.redis
async def test_two_copies_at_once_pass_exactly_once_through_redis(redis_url: str) -> None:
    for update_id in range(TRIALS):
        client = redis_client(redis_url)  # a fresh pool each time: both copies open their own connection
        try:
            guard = RedisUpdateGuard(client)
            outcome = await asyncio.gather(guard.first_time(update_id), guard.first_time(update_id))
        finally:
            await client.aclose()
        assert sorted(outcome) == [False, True], f"update {update_id}: {outcome}"


async def test_two_workers_at_once_pass_exactly_once_through_the_database(durable_store_url: str) -> None:
    SqlAnalyticsViews.open(durable_store_url).close()
    workers = [SqlUpdateGuard.open(durable_store_url), SqlUpdateGuard.open(durable_store_url)]
    try:
        for update_id in range(TRIALS):
            outcome = await asyncio.gather(*(worker.first_time(update_id) for worker in workers))
            assert sorted(outcome) == [False, True], f"update {update_id}: {outcome}"
    finally:
        for worker in workers:
            worker.close()
