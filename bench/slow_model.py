"""Benchmark 2: many people at once while the model takes 2 s to answer each of them, against a bare
aiogram bot that calls the same fake model through the same SDK and sends the text back."""

import asyncio
import contextlib
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.bot_harness import fake_telegram, updates, wait_for
from bench.bot_process import Launch, baseline_run, gptbot_run
from bench.measure import peak_rss_mb, rss_mb
from bench.result import Figure, Result, ratio
from tests.support.fake_openai import Behaviour, FakeOpenAI, running_fake_openai
from tests.support.fake_telegram import FakeTelegram

MODEL_SECONDS = 2.0
GOAL_AGAINST_BARE = 1.15
"""Our wall time against the bare aiogram + SDK bot's, at most."""
ANSWER = "Hello from the fake model."


@dataclass(frozen=True)
class Run:
    wall: float
    answered: int
    idle_mb: float
    peak_mb: float
    phases: dict[str, float]


def run(quick: bool) -> Result:
    users = 200 if quick else 1000
    result = Result(
        "Concurrency with a slow model",
        f"{users:,} users each send one message at the same moment; the fake OpenAI server (reached "
        f"through the real openai SDK) waits {MODEL_SECONDS:.0f} s before it streams each answer. "
        "`gptbot run` is its own process with the embedded defaults; timed from the moment the "
        "updates are queued on the fake Bot API server to the last finished reply it recorded. "
        "Baseline: a bare aiogram bot (`bench/baseline_bot.py model`, its own process) that streams "
        "each answer from the same fake server through the openai SDK over the same aiohttp "
        "transport as ours (ADR 18) and sends the text back; the same bare bot on the SDK's default "
        "transport (`model-httpx`) shows what the transport alone changes.",
    )
    with running_fake_openai() as openai:
        openai.default = Behaviour(text=ANSWER, delay=MODEL_SECONDS)
        bare = asyncio.run(_measure(openai, users, partial(baseline_run, mode="model")))
        default = asyncio.run(_measure(openai, users, partial(baseline_run, mode="model-httpx")))
        ours = asyncio.run(_measure(openai, users, gptbot_run))
    result.note(
        "Where the time went (seconds after the updates were queued, as the fake server saw calls): "
        f"{_phases_text(ours)}. The same for the baseline: {_phases_text(bare)}; and for the bare "
        f"bot on the default transport: {_phases_text(default)}."
    )
    result.add(*_figures(users, ours, bare, default))
    return result


def _figures(users: int, ours: Run, bare: Run, default: Run) -> list[Figure]:
    model = f"model {MODEL_SECONDS:.1f} s"
    return [
        Figure(
            f"bare aiogram + openai SDK bot: wall time to answer all {users:,} (baseline)",
            f"{bare.wall:.2f} s",
            model,
            f"{bare.wall / MODEL_SECONDS:.2f}",
        ),
        Figure(
            "the same bare bot on the SDK's default transport (httpx2)",
            f"{default.wall:.2f} s",
            f"bare {bare.wall:.2f} s",
            ratio(default.wall, bare.wall),
        ),
        Figure(
            f"gptbot: wall time to answer all {users:,}",
            f"{ours.wall:.2f} s",
            model,
            f"{ours.wall / MODEL_SECONDS:.2f}",
        ),
        Figure(
            "gptbot against the bare bot",
            f"{ours.wall:.2f} s",
            f"bare {bare.wall:.2f} s",
            ratio(ours.wall, bare.wall),
            f"<= {GOAL_AGAINST_BARE}",
            ours.wall <= GOAL_AGAINST_BARE * bare.wall,
        ),
        Figure(
            "errors (users without the model's answer)",
            str(users - ours.answered),
            f"bare {users - bare.answered}",
            "",
            "0",
            ours.answered == users,
        ),
        Figure(
            "memory of the bot: idle / peak (VmHWM)",
            f"{ours.idle_mb:.0f} MB / {ours.peak_mb:.0f} MB",
            f"bare {bare.idle_mb:.0f} MB / {bare.peak_mb:.0f} MB",
            f"{ratio(ours.peak_mb, bare.peak_mb)} (peak)",
        ),
    ]


async def _measure(openai: FakeOpenAI, users: int, launch: Launch) -> Run:
    openai.reset()
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-slow-") as folder:
        async with fake_telegram() as telegram, launch(telegram, openai, Path(folder)) as process:
            await asyncio.sleep(1.0)
            idle = rss_mb(process.pid)
            started = time.monotonic()
            telegram.push_update(*updates(users, 1))
            with contextlib.suppress(TimeoutError):  # the users left unanswered are counted as errors
                await wait_for(lambda: len(_answered(telegram)) >= users, 60.0 + 10 * MODEL_SECONDS)
            answered = _answered(telegram)
            last = max((c.at for c in telegram.calls if c.method == "sendMessage"), default=started)
            return Run(
                last - started, len(answered), idle, peak_rss_mb(process.pid), _phases(telegram, started)
            )


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


def _phases_text(run: Run) -> str:
    return "; ".join(f"{what} {at:.2f}" for what, at in run.phases.items())


def _answered(telegram: FakeTelegram) -> set[int]:
    return {
        c.chat_id or 0
        for c in telegram.calls
        if c.method == "sendMessage" and ANSWER in str(c.params.get("text", ""))
    }
