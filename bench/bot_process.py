"""`gptbot run`, or the bare aiogram baseline bot, as its own process, pointed at the fake Bot API server
and the fake OpenAI server."""

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import IO, Literal

from bench.bot_harness import TOKEN, wait_for
from bench.runner_env import gptbot_command, minimal_env
from tests.support.fake_openai import FakeOpenAI
from tests.support.fake_telegram import FakeTelegram

Process = subprocess.Popen[bytes]
Launch = Callable[[FakeTelegram, FakeOpenAI, Path], AbstractAsyncContextManager[Process]]


def server_settings(telegram: FakeTelegram, openai: FakeOpenAI) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE": telegram.url,
        "OPENAI_API_KEY": "sk-bench-not-a-real-key",
        "OPENAI_BASE_URL": openai.base_url,
    }


UNREACHED_LIMITS = {
    "TELEGRAM_SENDS_PER_SECOND": "1000000000",
    "TELEGRAM_PRIVATE_CHAT_SENDS_PER_SECOND": "1000000000",
    "TELEGRAM_GROUP_SENDS_PER_MINUTE": "1000000000",
    "FLOOD_MESSAGES_PER_MINUTE": "1000000000",
    "MAX_UPDATES_IN_HAND": "1000000",
}
"""As in bench/bot_harness.py: the fake server keeps no rate limits, and every user is in hand at once,
as for the bare bots; the limiters still run, at rates no run reaches."""


@asynccontextmanager
async def gptbot_run(telegram: FakeTelegram, openai: FakeOpenAI, folder: Path) -> AsyncIterator[Process]:
    """The bot polling the fake server, with the embedded defaults; stopped with SIGTERM on exit."""
    env = minimal_env(
        server_settings(telegram, openai)
        | UNREACHED_LIMITS
        | {"DATABASE_URL": f"sqlite:///{folder / 'bot.db'}", "EXPORT_DIR": str(folder / "exports")}
    )
    async with polling(gptbot_command("run"), env, telegram, folder) as process:
        yield process


@asynccontextmanager
async def baseline_run(
    telegram: FakeTelegram, openai: FakeOpenAI, folder: Path, mode: Literal["echo", "model", "model-httpx"]
) -> AsyncIterator[Process]:
    """The bare aiogram baseline bot (bench/baseline_bot.py) polling the fake server; SIGTERM on exit."""
    env = minimal_env(server_settings(telegram, openai))
    async with polling([sys.executable, "-m", "bench.baseline_bot", mode], env, telegram, folder) as process:
        yield process


@asynccontextmanager
async def polling(
    command: list[str], env: dict[str, str], telegram: FakeTelegram, folder: Path
) -> AsyncIterator[Process]:
    """The command's process, once the fake server has seen its first getUpdates."""
    already = len(telegram.calls_of("getUpdates"))
    process, log = _start(command, env, folder)
    try:
        await wait_for(
            lambda: len(telegram.calls_of("getUpdates")) > already or process.poll() is not None, 120.0
        )
        if process.poll() is not None:
            raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}: {_tail(folder)}")
        yield process
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(asyncio.to_thread(process.wait), 30.0)
        except TimeoutError:
            process.kill()
            process.wait()
        log.close()


def _start(command: list[str], env: dict[str, str], folder: Path) -> tuple[Process, IO[bytes]]:
    log = open(folder / "bot.log", "wb")  # noqa: SIM115 - closed by the caller, after the process
    return subprocess.Popen(command, env=env, cwd=folder, stdout=log, stderr=log), log


def _tail(folder: Path) -> str:
    return (folder / "bot.log").read_text(errors="replace")[-2000:]
