"""The real `gptbot run`, stopped by SIGTERM while a model is still writing: the reply arrives, then the
process exits 0."""

import asyncio
import signal
from asyncio.subprocess import PIPE
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.entrypoints.cli_runner import GPTBOT, clean_env
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_harness import SUBSCRIBER, TOKEN
from tests.support.telegram_updates import message

GUARD_SECONDS = 60.0
SLOW_REPLY = "Slow and steady, word by word, wins the race."  # nine words, a second after each


@pytest.fixture
def slow_model() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI(default=Behaviour(text=SLOW_REPLY, chunk_delay=1.0)).start()
    yield server
    server.stop()


async def test_sigterm_mid_reply_delivers_the_reply_and_exits_0(
    telegram: FakeTelegram, slow_model: FakeOpenAI, tmp_path: Path
) -> None:
    env = clean_env(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE=telegram.url,
        OPENAI_API_KEY="sk-test-shutdown-0123456789",
        OPENAI_BASE_URL=slow_model.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
        LOG_LEVEL="INFO",
    )
    bot = await asyncio.create_subprocess_exec(
        str(GPTBOT), "run", cwd=tmp_path, env=env, stdout=PIPE, stderr=PIPE
    )
    try:
        await telegram.wait_until(lambda: bool(telegram.calls_of("getUpdates")), GUARD_SECONDS)
        telegram.push_update(message(SUBSCRIBER, "take your time"))
        await telegram.wait_until(lambda: bool(slow_model.seen("/v1/responses")), GUARD_SECONDS)
        assert telegram.sent_texts(SUBSCRIBER.user_id) == []  # the model has only begun
        bot.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(bot.communicate(), GUARD_SECONDS)
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    assert bot.returncode == 0, err.decode()
    assert telegram.sent_texts(SUBSCRIBER.user_id) == [SLOW_REPLY]
