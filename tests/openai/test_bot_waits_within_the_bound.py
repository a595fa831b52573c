"""The bot end to end, wired by its container to the real SDK and the fake model server: a model that
never answers is tried once within OPENAI_TIMEOUT_SECONDS, the user is told it took too long, and the
log holds one WARNING for it."""

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from application.messages import text
from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.telegram_runner import serve
from tests.openai.conftest import CHAT_MODEL
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_harness import START_GUARD_SECONDS, SUBSCRIBER, TOKEN
from tests.support.telegram_updates import message

USER_TEXT = "what is the tide table for tomorrow"


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.close()


async def test_a_silent_model_gets_one_attempt_and_the_user_is_told_it_took_too_long(
    telegram: FakeTelegram, fake_openai: FakeOpenAI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fake_openai.then(*[Behaviour(delay=60)] * 3)
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_api_base=telegram.url,
        database_url=f"sqlite:///{tmp_path / 'bot.db'}",
        openai_api_key="sk-test-deadline-0123456789",
        openai_base_url=fake_openai.base_url,
        openai_model=CHAT_MODEL,
        openai_timeout_seconds=0.5,
        openai_max_retries=2,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(Container(settings=settings), stop, handle_signals=False))
    try:
        await telegram.wait_until(
            lambda: bool(telegram.calls_of("getUpdates")) or task.done(), START_GUARD_SECONDS
        )
        telegram.push_update(message(SUBSCRIBER, USER_TEXT))
        told = text("model_timeout", "en")
        await telegram.wait_until(
            lambda: told in telegram.sent_texts(SUBSCRIBER.user_id), START_GUARD_SECONDS
        )
    finally:
        stop.set()
        await asyncio.wait_for(task, START_GUARD_SECONDS)

    assert len(fake_openai.seen("/v1/responses")) == 1
    [warning] = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert "timeout" in warning and CHAT_MODEL in warning and "telegram:" in warning
    assert USER_TEXT not in caplog.text
