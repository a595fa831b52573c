"""Benchmark 1: updates per second through the whole pipeline (fake Bot API server, aiogram, access
check, conversation events, a zero-latency model, the reply, the usage ledger), against a bare aiogram
echo bot on the same fake server answering the same number of updates."""

import asyncio
import tempfile
from pathlib import Path

from bench.bot_harness import (
    BenchModel,
    echo_bot,
    fake_telegram,
    our_bot,
    replies,
    served_seconds,
    updates,
    wait_for,
)
from bench.result import Figure, Result, rate, ratio

GOAL = 0.5
USERS = 100


def run(quick: bool) -> Result:
    count = 200 if quick else 2000
    result = Result(
        "Message throughput",
        f"{count:,} text messages from {USERS} users in private chats, all queued on the fake Bot API "
        "server before the bot starts polling; timed from the first getUpdates to the last reply the "
        "server recorded. Our bot runs with the embedded defaults (SQLite event store and views, "
        "in-process cache and locks) and an in-process model that answers at once.",
    )
    baseline = asyncio.run(_echo(count))
    ours = asyncio.run(_ours(count))
    result.add(
        Figure("bare aiogram echo bot on the same server (baseline)", rate(baseline)),
        Figure(
            "gptbot, embedded defaults",
            rate(ours),
            f"echo {rate(baseline)}",
            ratio(ours, baseline),
            f">= {GOAL}",
            ours / baseline >= GOAL,
        ),
    )
    return result


async def _echo(count: int) -> float:
    async with fake_telegram() as telegram:
        telegram.push_update(*updates(USERS, count // USERS))
        async with echo_bot(telegram):
            await wait_for(lambda: replies(telegram) >= count)
        return count / served_seconds(telegram)


async def _ours(count: int, **settings: str) -> float:
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-throughput-") as folder:
        async with fake_telegram() as telegram:
            telegram.push_update(*updates(USERS, count // USERS))
            async with our_bot(telegram, Path(folder), BenchModel(), **settings):
                await wait_for(lambda: replies(telegram) >= count)
            return count / served_seconds(telegram)
