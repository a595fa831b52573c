"""Benchmark 2: many people at once while the model takes 2 s to answer each of them."""

import asyncio
import contextlib
import tempfile
import time
from pathlib import Path

from bench.bot_harness import fake_telegram, updates, wait_for
from bench.bot_process import gptbot_run
from bench.measure import peak_rss_mb, rss_mb
from bench.result import Figure, Result
from tests.support.fake_openai import Behaviour, FakeOpenAI, running_fake_openai
from tests.support.fake_telegram import FakeTelegram

MODEL_SECONDS = 2.0
GOAL_SECONDS = 3.0
ANSWER = "Hello from the fake model."


def run(quick: bool) -> Result:
    users = 200 if quick else 1000
    result = Result(
        "Concurrency with a slow model",
        f"{users:,} users each send one message at the same moment; the fake OpenAI server (reached "
        f"through the real openai SDK) waits {MODEL_SECONDS:.0f} s before it streams each answer. "
        "`gptbot run` is its own process with the embedded defaults; timed from the moment the "
        "updates are queued on the fake Bot API server to the last finished reply it recorded.",
    )
    with running_fake_openai() as openai:
        openai.default = Behaviour(text=ANSWER, delay=MODEL_SECONDS)
        wall, answered, idle, peak, phases = asyncio.run(_measure(openai, users))
    result.note(
        "Where the time went (seconds after the updates were queued, as the fake server saw calls): "
        + "; ".join(f"{what} {at:.2f}" for what, at in phases.items())
        + "."
    )
    result.add(
        Figure(
            f"wall time to answer all {users:,}",
            f"{wall:.2f} s",
            f"model {MODEL_SECONDS:.1f} s",
            f"{wall / MODEL_SECONDS:.2f}",
            f"< {GOAL_SECONDS:.0f} s",
            wall < GOAL_SECONDS,
        ),
        Figure(
            "errors (users without the model's answer)", str(users - answered), "", "", "0", answered == users
        ),
        Figure("memory of the bot: idle / peak (VmHWM)", f"{idle:.0f} MB / {peak:.0f} MB"),
    )
    return result


async def _measure(openai: FakeOpenAI, users: int) -> tuple[float, int, float, float, dict[str, float]]:
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-slow-") as folder:
        async with fake_telegram() as telegram, gptbot_run(telegram, openai, Path(folder)) as process:
            await asyncio.sleep(1.0)
            idle = rss_mb(process.pid)
            started = time.monotonic()
            telegram.push_update(*updates(users, 1))
            with contextlib.suppress(TimeoutError):  # the users left unanswered are counted as errors
                await wait_for(lambda: len(_answered(telegram)) >= users, 60.0 + 10 * MODEL_SECONDS)
            answered = _answered(telegram)
            last = max((c.at for c in telegram.calls if c.method == "sendMessage"), default=started)
            phases = _phases(telegram, started)
            return last - started, len(answered), idle, peak_rss_mb(process.pid), phases


def _phases(telegram: FakeTelegram, started: float) -> dict[str, float]:
    phases = {}
    for method, label in (
        ("sendChatAction", "typing shown"),
        ("sendMessageDraft", "draft shown"),
        ("sendMessage", "reply sent"),
    ):
        times = sorted(c.at - started for c in telegram.calls if c.method == method and c.at >= started)
        if times:
            phases[f"first {label}"] = times[0]
            phases[f"last {label}"] = times[-1]
    return phases


def _answered(telegram: FakeTelegram) -> set[int]:
    return {
        c.chat_id or 0
        for c in telegram.calls
        if c.method == "sendMessage" and ANSWER in str(c.params.get("text", ""))
    }
