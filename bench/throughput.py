"""Benchmark 1: updates per second through the whole pipeline (fake Bot API server, aiogram, access
check, conversation events, a zero-latency model, the reply, the usage ledger), against a bare aiogram
echo bot on the same fake server answering the same number of updates: once with the embedded
defaults, once with Redis and PostgreSQL."""

import asyncio
import tempfile
from pathlib import Path

from bench.bot_harness import (
    BenchModel,
    ReplyCount,
    echo_bot,
    fake_telegram,
    our_bot,
    served_seconds,
    updates,
    wait_for,
)
from bench.log_records import warnings_of
from bench.result import Figure, Result, rate, ratio
from bench.services import ServicesUnavailable, redis_and_postgres

GOALS = {"embedded": 0.12, "redis_postgres": 0.06}
"""Our rate against the echo bot's, at least."""
USERS = 100


def run(quick: bool) -> Result:
    count = 200 if quick else 2000
    result = Result(
        "Message throughput",
        f"{count:,} text messages from {USERS} users in private chats, all queued on the fake Bot API "
        "server before the bot starts polling; timed from the first getUpdates to the last reply the "
        "server recorded. Our bot runs with an in-process model that answers at once, first with the "
        "embedded defaults (SQLite event store and views, in-process cache and locks), then with "
        "REDIS_URL and a PostgreSQL DATABASE_URL (a private redis-server and PostgreSQL cluster started "
        "for the run, PostgreSQL without fsync as in the tests).",
    )
    baseline = asyncio.run(_echo(count))
    embedded = asyncio.run(_ours(count))
    result.add(
        Figure("bare aiogram echo bot on the same server (baseline)", rate(baseline)),
        _ours_figure("gptbot, embedded defaults", embedded, baseline, GOALS["embedded"]),
    )
    _add_redis_and_postgres(result, count, baseline)
    return result


def _add_redis_and_postgres(result: Result, count: int, baseline: float) -> None:
    """The row for our bot on Redis and PostgreSQL; it says so when either server cannot be started."""
    what = "gptbot, Redis + PostgreSQL"
    try:
        with redis_and_postgres() as (redis_url, database_url), warnings_of("adapters.redis") as outages:
            served = asyncio.run(_ours(count, redis_url=redis_url, database_url=database_url))
    except ServicesUnavailable as missing:
        result.add(Figure(what, f"not measured: {missing}", goal=f">= {GOALS['redis_postgres']}"))
        return
    result.add(
        _ours_figure(
            what + (" (Redis fell back, see below)" if outages else ""),
            served,
            baseline,
            GOALS["redis_postgres"],
        )
    )
    if outages:
        result.note(
            f"During the Redis + PostgreSQL run the bot logged {len(outages)} Redis warning(s), the first: "
            f"“{outages[0]}”. The updates handled meanwhile used the in-process fallbacks, so that row is "
            "not a clean measurement of Redis."
        )


def _ours_figure(what: str, ours: float, baseline: float, goal: float) -> Figure:
    return Figure(
        what,
        rate(ours),
        f"echo {rate(baseline)}",
        ratio(ours, baseline),
        f">= {goal}",
        ours / baseline >= goal,
    )


async def _echo(count: int) -> float:
    async with fake_telegram() as telegram:
        telegram.push_update(*updates(USERS, count // USERS))
        answered = ReplyCount(telegram)
        async with echo_bot(telegram):
            await wait_for(lambda: answered() >= count)
        return count / served_seconds(telegram)


async def _ours(count: int, **settings: str) -> float:
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-throughput-") as folder:
        async with fake_telegram() as telegram:
            telegram.push_update(*updates(USERS, count // USERS))
            answered = ReplyCount(telegram)
            async with our_bot(telegram, Path(folder), BenchModel(), **settings):
                await wait_for(lambda: answered() >= count)
            return count / served_seconds(telegram)
