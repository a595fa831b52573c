"""With Redis: membership cached ten minutes; with Redis stopped mid-test the bot keeps answering,
checks membership live, and warns once per outage, not once per message."""

import logging

import pytest

from tests.support.redis_server import RedisServer
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message

pytestmark = pytest.mark.redis


def outage_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and "unavailable" in r.getMessage()
    ]


async def test_membership_is_cached_in_redis_for_ten_minutes(start_bot: StartBot, redis_url: str) -> None:
    import redis.asyncio as redis

    bot = await start_bot(redis_url=redis_url)
    await bot.send(message(SUBSCRIBER, "one"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "two"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)
    assert len(bot.telegram.calls_of("getChatMember")) == 1
    async with redis.Redis.from_url(redis_url, decode_responses=True) as admin:
        keys = [key async for key in admin.scan_iter(f"*subscription:{SUBSCRIBER.user_id}")]
        assert len(keys) == 1
        assert await admin.get(keys[0]) == "member"
        assert 590 <= await admin.ttl(keys[0]) <= 600


async def test_bot_keeps_answering_with_redis_stopped_and_warns_once_per_outage(
    start_bot: StartBot, redis_url: str, redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    bot = await start_bot(redis_url=redis_url)
    await bot.send(message(SUBSCRIBER, "before"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert outage_warnings(caplog) == []

    redis_server.stop()
    await bot.send(message(SUBSCRIBER, "during one"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)
    warned = outage_warnings(caplog)
    assert warned
    for n, words in enumerate(["during two", "during three", "during four"], start=3):
        await bot.send(message(SUBSCRIBER, words))
        await bot.texts_in(SUBSCRIBER.user_id, n)
    assert bot.finished(SUBSCRIBER.user_id)[1:] == [
        "echo: during one",
        "echo: during two",
        "echo: during three",
        "echo: during four",
    ]
    assert len(warned) == 1
    assert outage_warnings(caplog) == warned  # one warning for the whole outage, not one per message
    assert len(bot.telegram.calls_of("getChatMember")) == 1 + 4  # live checks while the cache is down
    assert len(await bot.usage_records(SUBSCRIBER.user_id)) == 5
