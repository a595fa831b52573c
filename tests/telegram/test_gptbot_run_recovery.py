"""The real `gptbot run`, killed while the model is still writing, then started again: the message is
answered once and charged once, by one of several workers too; a message whose user was already told it
failed, or told to send it again, is not answered again."""

import asyncio
import signal
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from adapters.sql.event_store import EventStoreAggregates
from application.messages import text
from domain.clock import month_of
from domain.ids import usage_ledger_id_of
from domain.usage import UsageLedger
from tests.entrypoints.cli_runner import clean_env
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.gptbot_process import GUARD_SECONDS, GptbotProcess
from tests.support.telegram_harness import SUBSCRIBER, TOKEN
from tests.support.telegram_updates import message

ANSWER = "Here is the answer, at last."
HELD = Behaviour(text="This reply never ends because the process is stopped first.", chunk_delay=600.0)
RECOVERY_DONE = "recovery done"


@pytest.fixture
def model() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(default=Behaviour(text=ANSWER)).start()
    yield server
    server.stop()


@asynccontextmanager
async def bots(env: dict[str, str], cwd: Path, count: int = 1) -> AsyncIterator[list[GptbotProcess]]:
    started: list[GptbotProcess] = []
    try:
        for _ in range(count):
            started.append(await GptbotProcess.start(env, cwd))
        yield started
    finally:
        for bot in started:
            with suppress(Exception):
                await bot.ensure_stopped()


def bot_env(telegram: FakeTelegram, model: FakeOpenAI, database_url: str, **more: str) -> dict[str, str]:
    return clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=telegram.url,
        OPENAI_API_KEY="sk-test-recovery-0123456789",
        OPENAI_BASE_URL=model.base_url,
        OPENAI_MAX_RETRIES="0",
        DATABASE_URL=database_url,
        LOG_LEVEL="INFO",
        **more,
    )


async def killed_mid_reply(telegram: FakeTelegram, model: FakeOpenAI, env: dict[str, str], cwd: Path) -> Any:
    """The update, taken by a bot that is SIGKILLed while the model holds its stream open."""
    model.then(HELD)
    update = message(SUBSCRIBER, "what is the answer?")
    async with bots(env, cwd) as [bot]:
        await telegram.wait_until(lambda: bool(telegram.calls_of("getUpdates")), GUARD_SECONDS)
        telegram.push_update(update)
        await telegram.wait_until(lambda: bool(model.seen("/v1/responses")), GUARD_SECONDS)
        await bot.stop(signal.SIGKILL)
    assert telegram.sent_texts(SUBSCRIBER.user_id) == []
    return update


async def charges_of(database_url: str, request_id: str) -> int:
    store = EventStoreAggregates.from_database_url(database_url)
    try:
        ledger_id = usage_ledger_id_of(SUBSCRIBER.user_id, month_of(datetime.now(UTC)))
        ledger = await store.get(ledger_id, UsageLedger)
    finally:
        store.close()
    return 0 if ledger is None else [r.request_id for r in ledger.records].count(request_id)


async def test_a_message_killed_mid_reply_is_answered_once_after_a_restart(
    telegram: FakeTelegram, model: FakeOpenAI, tmp_path: Path
) -> None:
    database_url = f"sqlite:///{tmp_path / 'bot.db'}"
    env = bot_env(telegram, model, database_url)
    update = await killed_mid_reply(telegram, model, env, tmp_path)

    async with bots(env, tmp_path) as [bot]:
        await bot.logged(RECOVERY_DONE)
        await bot.stop(signal.SIGTERM)

    assert bot.process.returncode == 0, bot.log
    assert telegram.sent_texts(SUBSCRIBER.user_id) == [ANSWER]
    assert len(model.seen("/v1/responses")) == 2
    assert await charges_of(database_url, f"telegram:{update['update_id']}") == 1


@pytest.mark.postgres
async def test_two_workers_starting_together_answer_a_killed_message_once(
    telegram: FakeTelegram, model: FakeOpenAI, tmp_path: Path, postgres_url: str, redis_url: str
) -> None:
    env = bot_env(telegram, model, postgres_url, REDIS_URL=redis_url)
    update = await killed_mid_reply(telegram, model, env, tmp_path)

    async with bots(env, tmp_path, count=2) as workers:
        await asyncio.gather(*(worker.logged(RECOVERY_DONE) for worker in workers))
        await asyncio.gather(*(worker.stop(signal.SIGTERM) for worker in workers))

    assert [worker.process.returncode for worker in workers] == [0, 0]
    assert telegram.sent_texts(SUBSCRIBER.user_id) == [ANSWER]
    assert len(model.seen("/v1/responses")) == 2
    assert await charges_of(postgres_url, f"telegram:{update['update_id']}") == 1


async def test_a_failed_request_is_not_answered_after_a_restart(
    telegram: FakeTelegram, model: FakeOpenAI, tmp_path: Path
) -> None:
    env = bot_env(telegram, model, f"sqlite:///{tmp_path / 'bot.db'}")
    model.then(Behaviour(status=503))
    async with bots(env, tmp_path) as [bot]:
        await telegram.wait_until(lambda: bool(telegram.calls_of("getUpdates")), GUARD_SECONDS)
        telegram.push_update(message(SUBSCRIBER, "are you up?"))
        await telegram.wait_until(lambda: bool(telegram.sent_texts(SUBSCRIBER.user_id)), GUARD_SECONDS)
        await bot.stop(signal.SIGKILL)
    told = telegram.sent_texts(SUBSCRIBER.user_id)

    async with bots(env, tmp_path) as [bot]:
        await bot.logged(RECOVERY_DONE)
        await bot.stop(signal.SIGTERM)

    assert told == [text("model_unavailable")]
    assert telegram.sent_texts(SUBSCRIBER.user_id) == told
    assert len(model.seen("/v1/responses")) == 1


async def test_a_reply_cut_short_at_a_stop_is_not_answered_after_the_restart(
    telegram: FakeTelegram, model: FakeOpenAI, tmp_path: Path
) -> None:
    env = bot_env(telegram, model, f"sqlite:///{tmp_path / 'bot.db'}", SHUTDOWN_GRACE_SECONDS="0")
    model.then(HELD)
    async with bots(env, tmp_path) as [bot]:
        await telegram.wait_until(lambda: bool(telegram.calls_of("getUpdates")), GUARD_SECONDS)
        telegram.push_update(message(SUBSCRIBER, "take your time"))
        await telegram.wait_until(lambda: bool(model.seen("/v1/responses")), GUARD_SECONDS)
        await bot.stop(signal.SIGTERM)
    assert bot.process.returncode == 0, bot.log
    assert telegram.sent_texts(SUBSCRIBER.user_id) == [text("restarted_unanswered")]

    async with bots(env, tmp_path) as [bot]:
        await bot.logged(RECOVERY_DONE)
        await bot.stop(signal.SIGTERM)

    assert telegram.sent_texts(SUBSCRIBER.user_id) == [text("restarted_unanswered")]
    assert len(model.seen("/v1/responses")) == 1
