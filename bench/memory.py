"""Benchmark 5: resident memory of `gptbot run` idle, after its first reply, and with K conversations in
flight, with its peak, against bare aiogram bots run the same way in the same run."""

import asyncio
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.bot_harness import ReplyCount, fake_telegram, updates, wait_for
from bench.bot_process import UNREACHED_LIMITS, Launch, Process, baseline_run, polling, server_settings
from bench.measure import peak_rss_mb, rss_mb
from bench.result import Figure, Result, ratio
from bench.runner_env import gptbot_command, minimal_env
from tests.support.fake_openai import Behaviour, FakeOpenAI, running_fake_openai
from tests.support.fake_telegram import FakeTelegram

SETTLE_SECONDS = 3.0
MODEL_SECONDS = 400.0
ARENAS = "2"
FIRST_USER = 1


@dataclass(frozen=True)
class Memory:
    idle: float
    first_reply: float
    busy: float
    peak: float

    def per_conversation_kb(self, in_flight: int) -> float:
        return (self.busy - self.first_reply) * 1024 / in_flight


def run(quick: bool) -> Result:
    in_flight = 100 if quick else 1000
    result = Result(
        "Memory",
        "Each bot is its own process polling a fake Bot API server of its own: `gptbot run` with the "
        "embedded defaults (and again with MALLOC_ARENA_MAX=2), and two baselines from "
        "`bench/baseline_bot.py`: a bare aiogram echo bot, and the bare aiogram bot that streams each "
        f"answer through the openai SDK. Idle: VmRSS {SETTLE_SECONDS:.0f} s after its first getUpdates. "
        "First reply: VmRSS once one message has been answered (the imports and caches the first message "
        f"brings). In flight: {in_flight} more users each send one message while the fake OpenAI server "
        "holds every answer; VmRSS read once it holds every request, minus the first-reply figure, "
        f"divided by {in_flight}. Peak: VmHWM at that moment (start-up included).",
    )
    with running_fake_openai() as openai:
        openai.default = Behaviour(text="Hello from the fake model.", delay=MODEL_SECONDS)
        echo = asyncio.run(_measure(openai, 0, partial(baseline_run, mode="echo")))
        bare = asyncio.run(_measure(openai, in_flight, partial(baseline_run, mode="model")))
        ours = asyncio.run(_measure(openai, in_flight, gptbot_with()))
        arenas = asyncio.run(_measure(openai, in_flight, gptbot_with(MALLOC_ARENA_MAX=ARENAS)))
    per, bare_per = ours.per_conversation_kb(in_flight), bare.per_conversation_kb(in_flight)
    result.add(
        Figure("idle bare aiogram echo bot (VmRSS, baseline)", f"{echo.idle:.0f} MB"),
        Figure("idle bare aiogram + openai SDK bot (VmRSS, baseline)", f"{bare.idle:.0f} MB"),
        Figure(
            "idle `gptbot run`",
            f"{ours.idle:.0f} MB",
            f"echo {echo.idle:.0f} MB",
            ratio(ours.idle, echo.idle),
        ),
        Figure(
            "`gptbot run` after its first reply",
            f"{ours.first_reply:.0f} MB",
            f"bare + SDK {bare.first_reply:.0f} MB",
            ratio(ours.first_reply, bare.first_reply),
        ),
        Figure(
            f"with {in_flight} conversations in flight",
            f"{ours.busy:.0f} MB",
            f"bare + SDK {bare.busy:.0f} MB",
            ratio(ours.busy, bare.busy),
        ),
        Figure(
            "per conversation in flight",
            f"{per:.0f} kB",
            f"bare + SDK {bare_per:.0f} kB",
            ratio(per, bare_per),
        ),
        Figure(
            f"peak (VmHWM) with {in_flight} in flight",
            f"{ours.peak:.0f} MB",
            f"bare + SDK {bare.peak:.0f} MB",
            ratio(ours.peak, bare.peak),
        ),
        Figure(
            f"MALLOC_ARENA_MAX={ARENAS}: idle / first reply / {in_flight} in flight / peak",
            f"{arenas.idle:.0f} / {arenas.first_reply:.0f} / {arenas.busy:.0f} / {arenas.peak:.0f} MB",
            f"default {ours.idle:.0f} / {ours.first_reply:.0f} / {ours.busy:.0f} / {ours.peak:.0f} MB",
            ratio(arenas.peak, ours.peak),
        ),
    )
    return result


def gptbot_with(**extra: str) -> Launch:
    """`gptbot run` on the embedded defaults, every user in hand at once, a short shutdown grace (the bench
    stops it with every answer still held) and the extra environment."""

    @asynccontextmanager
    async def launch(telegram: FakeTelegram, openai: FakeOpenAI, folder: Path) -> AsyncIterator[Process]:
        env = minimal_env(
            server_settings(telegram, openai)
            | UNREACHED_LIMITS
            | {
                "DATABASE_URL": f"sqlite:///{folder / 'bot.db'}",
                "EXPORT_DIR": str(folder / "exports"),
                "SHUTDOWN_GRACE_SECONDS": "1",
            }
            | extra
        )
        async with polling(gptbot_command("run"), env, telegram, folder) as process:
            yield process

    return launch


async def _measure(openai: FakeOpenAI, in_flight: int, launch: Launch) -> Memory:
    """VmRSS idle, after one answered message, and with `in_flight` conversations waiting for the model
    (0: the bot never calls the model, the first reply is its echo)."""
    openai.reset()
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-memory-") as folder:
        async with fake_telegram() as telegram, launch(telegram, openai, Path(folder)) as process:
            await asyncio.sleep(SETTLE_SECONDS)
            idle = rss_mb(process.pid)
            if in_flight:
                openai.then(Behaviour(text="Hello from the fake model."))
            replies = ReplyCount(telegram)
            telegram.push_update(*updates(1, 1, first_user=FIRST_USER))
            await wait_for(lambda: replies() >= 1, MODEL_SECONDS / 2)
            await asyncio.sleep(1.0)
            first = rss_mb(process.pid)
            if not in_flight:
                return Memory(idle, first, first, peak_rss_mb(process.pid))
            asked = len(openai.seen("/v1/responses"))
            started = time.monotonic()
            telegram.push_update(*updates(in_flight, 1))
            await wait_for(lambda: len(openai.seen("/v1/responses")) >= asked + in_flight, MODEL_SECONDS / 2)
            await asyncio.sleep(1.0)
            busy, peak = rss_mb(process.pid), peak_rss_mb(process.pid)
            if time.monotonic() - started >= MODEL_SECONDS:
                raise RuntimeError("the answers came before every conversation was in flight")
            return Memory(idle, first, busy, peak)
