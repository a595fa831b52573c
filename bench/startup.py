"""Benchmark: wall time from exec to work: `gptbot --help`, `gptbot analytics users` on a small store,
and `gptbot run` until its first getUpdates, each against a baseline started the same way."""

import asyncio
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from adapters.sql.event_store import EventStoreAggregates
from bench.bot_harness import fake_telegram
from bench.bot_process import Launch, baseline_run, gptbot_run
from bench.result import Figure, Result, ratio
from bench.runner_env import gptbot_command, minimal_env
from tests.projections.bulk import fill
from tests.support.fake_openai import FakeOpenAI, running_fake_openai

TRIES = 5
USERS, RECORDS = 20, 10
GOALS = {"help": 0.5, "analytics": 2.0, "run": 3.0}
"""Seconds; the ratio to a baseline is what the machine's speed does not change."""


def run(quick: bool) -> Result:
    result = Result(
        "Start-up",
        f"Best of {TRIES} wall times, each command its own process, as an operator starts it. "
        "`python -c pass` is the baseline of the two commands; `gptbot analytics users` reads a SQLite "
        f"store of {USERS} users with {RECORDS} usage records each, projected beforehand. `gptbot run` "
        "(embedded defaults, SQLite, polling a fake Bot API server) is timed from the process's start to "
        "the fake server receiving its first getUpdates, against the bare aiogram echo bot of "
        "`bench/baseline_bot.py` timed the same way; every start but the first finds its store migrated.",
    )
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-startup-") as folder:
        env = minimal_env({"DATABASE_URL": _small_store(Path(folder))})
        python = _best(lambda: _wall([sys.executable, "-c", "pass"], env, Path(folder)))
        helps = _best(lambda: _wall(gptbot_command("--help"), env, Path(folder)))
        users = _best(lambda: _wall(gptbot_command("analytics", "users"), env, Path(folder)))
    with running_fake_openai() as openai:
        echo = _best_start(
            openai, lambda telegram, model, folder: baseline_run(telegram, model, folder, "echo")
        )
        serving = _best_start(openai, gptbot_run)
    result.add(
        _figure("`gptbot --help`", helps, "`python -c pass`", python, GOALS["help"]),
        _figure("`gptbot analytics users`", users, "`python -c pass`", python, GOALS["analytics"]),
        _figure("`gptbot run` to its first getUpdates", serving, "echo bot", echo, GOALS["run"]),
    )
    return result


def _figure(what: str, seconds: float, base: str, baseline: float, goal: float) -> Figure:
    return Figure(
        what,
        f"{seconds:.2f} s",
        f"{base} {baseline:.2f} s",
        ratio(seconds, baseline),
        f"≤ {goal:g} s",
        seconds <= goal,
    )


def _small_store(folder: Path) -> str:
    url = f"sqlite:///{folder / 'bot.db'}"
    store = EventStoreAggregates.from_database_url(url)
    try:
        fill(store, users=USERS, records_per_user=RECORDS)
    finally:
        store.close()
    _wall(gptbot_command("project", "--once"), minimal_env({"DATABASE_URL": url}), folder)
    return url


def _best(measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(TRIES))


def _wall(command: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, timeout=60)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {done.returncode}: {done.stderr.decode()[-2000:]}"
        )
    return elapsed


def _best_start(openai: FakeOpenAI, launch: Launch) -> float:
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-startup-run-") as folder:
        return min(asyncio.run(_start(openai, launch, Path(folder))) for _ in range(TRIES))


async def _start(openai: FakeOpenAI, launch: Launch, folder: Path) -> float:
    """Seconds from just before the process starts to the fake server's stamp on its first getUpdates."""
    async with fake_telegram() as telegram:
        started = time.monotonic()
        async with launch(telegram, openai, folder):
            first = telegram.calls_of("getUpdates")[0].at
        return first - started
