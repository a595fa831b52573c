"""`gptbot run` as its own process, pointed at the fake Bot API server and the fake OpenAI server."""

import asyncio
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO

from bench.bot_harness import TOKEN, wait_for
from bench.runner_env import gptbot_command, minimal_env
from tests.support.fake_openai import FakeOpenAI
from tests.support.fake_telegram import FakeTelegram


@asynccontextmanager
async def gptbot_run(
    telegram: FakeTelegram, openai: FakeOpenAI, folder: Path
) -> AsyncIterator["subprocess.Popen[bytes]"]:
    """The bot polling the fake server, with the embedded defaults; stopped with SIGTERM on exit."""
    env = minimal_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE": telegram.url,
            "OPENAI_API_KEY": "sk-bench-not-a-real-key",
            "OPENAI_BASE_URL": openai.base_url,
            "DATABASE_URL": f"sqlite:///{folder / 'bot.db'}",
            "EXPORT_DIR": str(folder / "exports"),
        }
    )
    process, log = _start(env, folder)
    try:
        await wait_for(lambda: bool(telegram.calls_of("getUpdates")) or process.poll() is not None, 120.0)
        if process.poll() is not None:
            raise RuntimeError(f"gptbot run exited with {process.returncode}: {_tail(folder)}")
        yield process
    finally:
        process.terminate()
        try:
            await asyncio.wait_for(asyncio.to_thread(process.wait), 30.0)
        except TimeoutError:
            process.kill()
            process.wait()
        log.close()


def _start(env: dict[str, str], folder: Path) -> tuple["subprocess.Popen[bytes]", IO[bytes]]:
    log = open(folder / "gptbot.log", "wb")  # noqa: SIM115 - closed by the caller, after the process
    return subprocess.Popen(gptbot_command("run"), env=env, cwd=folder, stdout=log, stderr=log), log


def _tail(folder: Path) -> str:
    return (folder / "gptbot.log").read_text(errors="replace")[-2000:]
