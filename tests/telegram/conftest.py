"""The bot end to end: the real aiogram and the real composition root, talking to a fake Bot API server."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from dependency_injector import providers

from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.telegram_runner import serve
from tests.support.fake_telegram import FakeTelegram
from tests.support.redis_server import free_port
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import (
    ADMIN,
    BANNED,
    CHANNEL,
    CHANNEL_TITLE,
    RUSSIAN,
    START_GUARD_SECONDS,
    SUBSCRIBER,
    TOKEN,
    RunningBot,
    StartBot,
)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    server.members.update({SUBSCRIBER.user_id: "member", RUSSIAN.user_id: "member", BANNED.user_id: "member"})
    server.chat_titles[CHANNEL] = CHANNEL_TITLE
    yield server
    await server.close()


@pytest.fixture
async def start_bot(telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[StartBot]:
    """Starts the bot the way `gptbot run` does (polling, or a webhook with `webhook=True`)."""
    running: list[RunningBot] = []

    async def start(
        webhook: bool = False,
        model: ScriptedChatModel | None = None,
        real_model: bool = False,
        **overrides: Any,
    ) -> RunningBot:
        """`real_model`: the chat model the settings name (the real SDK against OPENAI_BASE_URL), not
        the scripted one."""
        values: dict[str, Any] = {
            "telegram_bot_token": TOKEN,
            "telegram_api_base": telegram.url,
            "channel_id": CHANNEL,
            "admin_ids": frozenset({ADMIN.user_id}),
            "database_url": f"sqlite:///{tmp_path / 'bot.db'}",
            "telegram_retry_max_wait_seconds": 5.0,
        }
        if webhook:
            port = free_port()
            values |= {
                "webhook_url": f"http://127.0.0.1:{port}/telegram/hook",
                "webhook_secret": "s3cret-webhook-token",
                "webhook_host": "127.0.0.1",
                "webhook_port": port,
            }
        values |= overrides
        container = Container(settings=Settings(_env_file=None, **values))  # type: ignore[call-arg]
        scripted = model or ScriptedChatModel()
        if not real_model:
            container.chat_model.override(providers.Object(scripted))
        stop = asyncio.Event()
        task = asyncio.create_task(serve(container, stop, handle_signals=False))
        bot = RunningBot(telegram, container, scripted, task, stop)
        running.append(bot)
        ready = "setWebhook" if webhook else "getUpdates"
        await telegram.wait_until(lambda: bool(telegram.calls_of(ready)) or task.done(), START_GUARD_SECONDS)
        if task.done():
            await task
        return bot

    yield start
    for bot in running:
        if not bot.task.done():
            await bot.stopped()
