"""Benchmark 5: resident memory of an idle `gptbot run`, and what each conversation in flight adds."""

import asyncio
import tempfile
import time
from pathlib import Path

from bench.bot_harness import fake_telegram, updates, wait_for
from bench.bot_process import gptbot_run
from bench.measure import rss_mb
from bench.result import Figure, Result
from tests.support.fake_openai import Behaviour, FakeOpenAI, running_fake_openai

SETTLE_SECONDS = 3.0
MODEL_SECONDS = 20.0


def run(quick: bool) -> Result:
    in_flight = 100 if quick else 500
    result = Result(
        "Memory",
        f"`gptbot run` as its own process with the embedded defaults, polling the fake Bot API server. "
        f"Idle: VmRSS {SETTLE_SECONDS:.0f} s after its first getUpdates. In flight: {in_flight} users each "
        f"send one message while the fake OpenAI server holds every answer for {MODEL_SECONDS:.0f} s; "
        "VmRSS read once the fake OpenAI server holds every conversation's request, minus the idle figure, "
        f"divided by {in_flight}.",
    )
    with running_fake_openai() as openai:
        openai.default = Behaviour(text="Hello from the fake model.", delay=MODEL_SECONDS)
        idle, busy = asyncio.run(_measure(openai, in_flight))
    result.add(
        Figure("idle `gptbot run` (VmRSS)", f"{idle:.0f} MB"),
        Figure(f"with {in_flight} conversations in flight (VmRSS)", f"{busy:.0f} MB"),
        Figure("per conversation in flight", f"{(busy - idle) * 1024 / in_flight:.0f} kB"),
    )
    return result


async def _measure(openai: FakeOpenAI, in_flight: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-memory-") as folder:
        async with fake_telegram() as telegram, gptbot_run(telegram, openai, Path(folder)) as process:
            await asyncio.sleep(SETTLE_SECONDS)
            idle = rss_mb(process.pid)
            started = time.monotonic()
            telegram.push_update(*updates(in_flight, 1))
            await wait_for(lambda: len(openai.seen("/v1/responses")) >= in_flight, MODEL_SECONDS / 2)
            await asyncio.sleep(0.5)
            busy = rss_mb(process.pid)
            if time.monotonic() - started >= MODEL_SECONDS:
                raise RuntimeError("the answers came before every conversation was in flight")
            return idle, busy
