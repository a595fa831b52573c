"""Benchmark 5: resident memory of an idle `gptbot run`, and what each conversation in flight adds,
against bare aiogram bots run the same way."""

import asyncio
import tempfile
import time
from functools import partial
from pathlib import Path

from bench.bot_harness import fake_telegram, updates, wait_for
from bench.bot_process import Launch, baseline_run, gptbot_run
from bench.measure import rss_mb
from bench.result import Figure, Result, ratio
from tests.support.fake_openai import Behaviour, FakeOpenAI, running_fake_openai

SETTLE_SECONDS = 3.0
MODEL_SECONDS = 30.0


def run(quick: bool) -> Result:
    in_flight = 100 if quick else 500
    result = Result(
        "Memory",
        "Each bot is its own process polling a fake Bot API server of its own: `gptbot run` with the "
        "embedded defaults, and two baselines from `bench/baseline_bot.py`, run side by side before it: "
        "a bare aiogram echo bot, and the bare aiogram bot of the concurrency benchmark that streams "
        f"each answer through the openai SDK. Idle: VmRSS {SETTLE_SECONDS:.0f} s after its first "
        f"getUpdates. In flight: {in_flight} users each send one message while the fake OpenAI server "
        f"holds every answer for {MODEL_SECONDS:.0f} s; VmRSS read once the fake OpenAI server holds "
        f"every conversation's request, minus the idle figure, divided by {in_flight}.",
    )
    with running_fake_openai() as openai:
        openai.default = Behaviour(text="Hello from the fake model.", delay=MODEL_SECONDS)
        (echo, _), (bare_idle, bare_busy) = asyncio.run(_baselines(openai, in_flight))
        openai.reset()
        idle, busy = asyncio.run(_measure(openai, in_flight, gptbot_run))
    per, bare_per = (
        _per_conversation(idle, busy, in_flight),
        _per_conversation(bare_idle, bare_busy, in_flight),
    )
    result.add(
        Figure("idle bare aiogram echo bot (VmRSS, baseline)", f"{echo:.0f} MB"),
        Figure("idle bare aiogram + openai SDK bot (VmRSS, baseline)", f"{bare_idle:.0f} MB"),
        Figure("idle `gptbot run` (VmRSS)", f"{idle:.0f} MB", f"echo {echo:.0f} MB", ratio(idle, echo)),
        Figure(
            f"with {in_flight} conversations in flight (VmRSS)",
            f"{busy:.0f} MB",
            f"bare + SDK {bare_busy:.0f} MB",
            ratio(busy, bare_busy),
        ),
        Figure(
            "per conversation in flight",
            f"{per:.0f} kB",
            f"bare + SDK {bare_per:.0f} kB",
            ratio(per, bare_per),
        ),
    )
    return result


def _per_conversation(idle_mb: float, busy_mb: float, in_flight: int) -> float:
    return (busy_mb - idle_mb) * 1024 / in_flight


async def _baselines(openai: FakeOpenAI, in_flight: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Both baselines side by side, each on its own fake Bot API server, to save a process start-up:
    VmRSS does not depend on the CPU the other takes, and the echo bot never calls the model."""
    openai.reset()
    return await asyncio.gather(
        _measure(openai, 0, partial(baseline_run, mode="echo")),
        _measure(openai, in_flight, partial(baseline_run, mode="model")),
    )


async def _measure(openai: FakeOpenAI, in_flight: int, launch: Launch) -> tuple[float, float]:
    """VmRSS idle, and with `in_flight` conversations waiting for the model (0: idle only)."""
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-memory-") as folder:
        async with fake_telegram() as telegram, launch(telegram, openai, Path(folder)) as process:
            await asyncio.sleep(SETTLE_SECONDS)
            idle = rss_mb(process.pid)
            if not in_flight:
                return idle, idle
            started = time.monotonic()
            telegram.push_update(*updates(in_flight, 1))
            await wait_for(lambda: len(openai.seen("/v1/responses")) >= in_flight, MODEL_SECONDS / 2)
            await asyncio.sleep(0.5)
            busy = rss_mb(process.pid)
            if time.monotonic() - started >= MODEL_SECONDS:
                raise RuntimeError("the answers came before every conversation was in flight")
            return idle, busy
