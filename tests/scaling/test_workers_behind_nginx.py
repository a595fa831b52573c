"""Two real `gptbot run` webhook workers behind Debian's nginx with the shipped site, on one PostgreSQL
and one Redis: updates for 200 users go through nginx, one worker is killed with SIGKILL while it holds
replies and is started again, and every message is answered once and charged once."""

import asyncio
import signal
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime
from pathlib import Path

import pytest

from adapters.sql.event_store import EventStoreAggregates
from domain.clock import month_of
from domain.ids import usage_ledger_id_of
from domain.usage import UsageLedger
from tests.entrypoints.cli_runner import clean_env
from tests.scaling.nginx import running_nginx
from tests.scaling.webhook_sender import WebhookSender
from tests.scaling.workers import GUARD_SECONDS, LISTENING, RECOVERY_DONE, Worker
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.redis_server import free_port
from tests.support.telegram_harness import TOKEN
from tests.support.telegram_updates import Person, message

pytestmark = pytest.mark.postgres

USERS = [Person(710_000 + n) for n in range(200)]
ANSWER = "One answer from one of the two workers."
HELD = Behaviour(text=ANSWER, delay=10.0)  # the first round's replies are in hand when the worker dies
PROMPT = Behaviour(text=ANSWER)
SECRET = "s3cret-scaling-webhook"
HOOK = "/telegram/hook"
REPLIES_GUARD_SECONDS = 60.0


def worker_env(
    telegram: FakeTelegram, model: FakeOpenAI, port: int, public: int, **stores: str
) -> dict[str, str]:
    return clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=telegram.url,
        OPENAI_API_KEY="sk-test-scaling-0123456789",
        OPENAI_BASE_URL=model.base_url,
        OPENAI_MAX_RETRIES="0",
        WEBHOOK_URL=f"http://127.0.0.1:{public}{HOOK}",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(port),
        LOG_LEVEL="INFO",
        **stores,
    )


async def charged_request_ids(database_url: str) -> dict[int, list[str]]:
    store = EventStoreAggregates.from_database_url(database_url)
    month = month_of(datetime.now(UTC))
    try:
        charged = {}
        for user in USERS:
            ledger = await store.get(usage_ledger_id_of(user.user_id, month), UsageLedger)
            charged[user.user_id] = sorted(r.request_id for r in ledger.records) if ledger else []
        return charged
    finally:
        store.close()


@pytest.fixture
async def stack() -> AsyncIterator[AsyncExitStack]:
    async with AsyncExitStack() as stack:
        yield stack


async def test_two_workers_behind_nginx_answer_and_charge_every_message_once_through_a_kill(
    telegram: FakeTelegram,
    model: FakeOpenAI,
    postgres_url: str,
    redis_url: str,
    tmp_path: Path,
    stack: AsyncExitStack,
) -> None:
    ports, public = (free_port(), free_port()), free_port()
    await stack.enter_async_context(running_nginx(tmp_path / "nginx", ports, public))
    envs = [
        worker_env(telegram, model, port, public, DATABASE_URL=postgres_url, REDIS_URL=redis_url)
        for port in ports
    ]
    folders = [tmp_path / "worker-1", tmp_path / "worker-2"]
    workers: list[Worker] = []

    async def start(index: int) -> Worker:
        worker = await Worker.start(envs[index], folders[index])
        stack.push_async_callback(worker.ensure_stopped)
        await asyncio.wait_for(worker.logged(LISTENING), GUARD_SECONDS)
        return worker

    workers = [await start(0), await start(1)]
    sender = WebhookSender(f"http://127.0.0.1:{public}{HOOK}", SECRET)
    before, while_down = USERS[: len(USERS) // 2], USERS[len(USERS) // 2 :]
    first = {user.user_id: message(user, "the first question") for user in USERS}
    second = {user.user_id: message(user, "the second question") for user in USERS}

    model.default = HELD
    await sender.deliver_all([first[user.user_id] for user in before])
    # Every update answered 200 is stored and with the model: the kill loses replies in hand, no update.
    await telegram.wait_until(lambda: len(model.seen("/v1/responses")) == len(before), GUARD_SECONDS)
    assert await workers[0].stop(signal.SIGKILL) == -signal.SIGKILL
    model.default = PROMPT
    # The dead worker refuses connections: nginx passes each of those deliveries to the other at once.
    down = WebhookSender(sender.url, SECRET)
    await down.deliver_all([first[user.user_id] for user in while_down])
    assert dict(down.answers) == {200: len(while_down)}
    workers[0] = await start(0)
    await asyncio.wait_for(workers[0].logged(RECOVERY_DONE), GUARD_SECONDS)
    await sender.deliver_all(list(second.values()))
    await telegram.wait_until(
        lambda: all(len(telegram.sent_texts(user.user_id)) >= 2 for user in USERS), REPLIES_GUARD_SECONDS
    )
    codes = await asyncio.gather(*(worker.stop(signal.SIGTERM) for worker in workers))

    assert codes == [0, 0], "\n".join(worker.log[-3000:] for worker in workers)
    assert sorted(sender.taken + down.taken) == sorted(
        u["update_id"] for u in [*first.values(), *second.values()]
    )
    unanswered_once = {
        u.user_id: t for u in USERS if (t := telegram.sent_texts(u.user_id)) != [ANSWER, ANSWER]
    }
    assert unanswered_once == {}
    # The killed worker's replies in hand were asked of the model again, after the restart.
    assert len(model.seen("/v1/responses")) > 2 * len(USERS)
    expected = {
        user.user_id: sorted(
            f"telegram:{u['update_id']}" for u in (first[user.user_id], second[user.user_id])
        )
        for user in USERS
    }
    assert await charged_request_ids(postgres_url) == expected
