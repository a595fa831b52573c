"""Each update is handled once: a redelivered update gets no second reply and no second charge."""

import pytest

from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_updates import message


async def test_duplicate_update_while_polling_is_answered_and_charged_once(start_bot: StartBot) -> None:
    bot = await start_bot()
    update = message(SUBSCRIBER, "only once please")
    await bot.send(update, update)
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "a later message"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == ["echo: only once please", "echo: a later message"]
    assert len(await bot.usage_records(SUBSCRIBER.user_id)) == 2


async def test_redelivered_webhook_update_is_answered_and_charged_once(start_bot: StartBot) -> None:
    bot = await start_bot(webhook=True)
    update = message(SUBSCRIBER, "only once please")
    await bot.send(update)
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(update)
    await bot.send(message(SUBSCRIBER, "a later message"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == ["echo: only once please", "echo: a later message"]
    records = await bot.usage_records(SUBSCRIBER.user_id)
    assert [r.request_id for r in records] == [f"telegram:{update['update_id']}", records[1].request_id]


@pytest.mark.redis
async def test_duplicate_update_is_recognised_through_redis(start_bot: StartBot, redis_url: str) -> None:
    bot = await start_bot(redis_url=redis_url)
    update = message(SUBSCRIBER, "only once please")
    await bot.send(update, update)
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "a later message"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == ["echo: only once please", "echo: a later message"]
    assert len(await bot.usage_records(SUBSCRIBER.user_id)) == 2
