"""An update taken is recognised after a restart, and by every worker: without Redis through the database,
with Redis through Redis. One reply, one charge."""

from typing import Any

import aiohttp
import pytest

from tests.support.telegram_harness import SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import message


async def test_a_webhook_update_redelivered_after_a_restart_is_answered_and_charged_once(
    start_bot: StartBot,
) -> None:
    first = await start_bot(webhook=True)
    update = message(SUBSCRIBER, "only once please")
    await first.send(update)
    await first.texts_in(SUBSCRIBER.user_id, 1)
    await first.stopped()

    # A new process on the same SQLite file, as the embedded defaults run.
    again = await start_worker(start_bot)
    await again.send(update)
    await again.send(message(SUBSCRIBER, "a later message"))
    assert await again.texts_in(SUBSCRIBER.user_id, 2) == ["echo: only once please", "echo: a later message"]
    assert len(await again.usage_records(SUBSCRIBER.user_id)) == 2


async def start_worker(start_bot: StartBot, **settings: str) -> RunningBot:
    """A worker started once its own webhook is set (the harness waits for the first setWebhook only)."""
    worker = await start_bot(webhook=True, **settings)
    await worker.telegram.wait_until(
        lambda: any(
            c.params["url"] == worker.container.settings().webhook_url
            for c in worker.telegram.calls_of("setWebhook")
        )
    )
    return worker


async def deliver_to(worker: RunningBot, update: dict[str, Any]) -> int:
    """POSTs the update to this worker's own webhook, as Telegram would; the HTTP status."""
    settings = worker.container.settings()
    assert settings.webhook_url and settings.webhook_secret
    headers = {"X-Telegram-Bot-Api-Secret-Token": settings.webhook_secret.get_secret_value()}
    async with (
        aiohttp.ClientSession() as session,
        session.post(settings.webhook_url, json=update, headers=headers) as response,
    ):
        return response.status


async def deliver_to_two_workers(start_bot: StartBot, **shared: str) -> None:
    workers = [await start_worker(start_bot, **shared), await start_worker(start_bot, **shared)]
    update = message(SUBSCRIBER, "only once please")
    # The same delivery reaches both workers (a retry that a load balancer sent to the other one).
    for worker in workers:
        assert await deliver_to(worker, update) == 200
    await workers[0].texts_in(SUBSCRIBER.user_id, 1)
    assert await deliver_to(workers[0], message(SUBSCRIBER, "a later message")) == 200
    assert await workers[0].texts_in(SUBSCRIBER.user_id, 2) == [
        "echo: only once please",
        "echo: a later message",
    ]
    assert len(await workers[1].usage_records(SUBSCRIBER.user_id)) == 2


@pytest.mark.postgres
async def test_one_update_delivered_to_two_workers_on_postgres_without_redis_is_answered_once(
    start_bot: StartBot, postgres_url: str
) -> None:
    await deliver_to_two_workers(start_bot, database_url=postgres_url)


@pytest.mark.redis
async def test_one_update_delivered_to_two_workers_on_redis_is_answered_once(
    start_bot: StartBot, redis_url: str, postgres_url: str
) -> None:
    await deliver_to_two_workers(start_bot, database_url=postgres_url, redis_url=redis_url)
