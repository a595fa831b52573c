"""`python -m bench.memory_where [K]`: where the memory of a bot goes, printed as Markdown.

1. What importing aiogram holds: VmRSS, glibc malloc's bytes in use (mallinfo2) and the bytes Python
   allocated (tracemalloc), and malloc's bytes in use once every aiogram model's pydantic-core validator
   and serializer is dropped (an experiment in a throwaway interpreter, never done by the bot).
2. What K conversations in flight hold: `gptbot run` and the bare aiogram + SDK relay each run under
   tracemalloc (bench/traced_bot.py), started after one answered message; a snapshot then and one once
   the fake OpenAI server holds K requests, compared by file: what the K conversations allocated and
   still hold.
"""

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import tracemalloc
from pathlib import Path

from bench.bot_harness import ReplyCount, fake_telegram, updates, wait_for
from bench.bot_process import UNREACHED_LIMITS, polling, server_settings
from bench.measure import rss_mb
from bench.runner_env import minimal_env
from tests.support.fake_openai import Behaviour, FakeOpenAI, running_fake_openai
from tests.support.fake_telegram import FakeTelegram

IMPORTS = """
import ctypes, gc, sys, tracemalloc
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in
                "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost".split()]
libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = Info
def rss():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS")) / 1024
def used():
    return libc.mallinfo2().uordblks / 2**20
import pydantic, aiohttp
traced = sys.argv[1] == "traced"
if traced:
    tracemalloc.start()
before = rss(), used()
import aiogram, aiogram.types, aiogram.methods
gc.collect()
if traced:
    print(tracemalloc.get_traced_memory()[0] / 2**20)
    sys.exit()
after = rss(), used()
models = {v for m in (aiogram.types, aiogram.methods) for v in vars(m).values()
          if isinstance(v, type) and issubclass(v, pydantic.BaseModel)}
for model in models:
    for name in ("__pydantic_validator__", "__pydantic_serializer__"):
        if name in vars(model):
            delattr(model, name)
gc.collect()
print(len(models), before[0], after[0], after[1] - before[1], after[1] - used())
"""


def imports() -> str:
    def run(mode: str) -> list[float]:
        command = [sys.executable, "-c", IMPORTS, mode]
        return [
            float(x)
            for x in subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
        ]

    (python,) = run("traced")
    models, rss0, rss1, malloc, validators = run("plain")
    return (
        f"Importing aiogram (its {models:.0f} models of types and methods) after pydantic and aiohttp: "
        f"VmRSS {rss0:.0f} → {rss1:.0f} MB (+{rss1 - rss0:.0f}); glibc malloc +{malloc:.0f} MB in use; "
        f"Python's own allocations (tracemalloc, another run) {python:.0f} MB; dropping every model's "
        f"pydantic-core validator and serializer (an experiment) frees {validators:.0f} MB of malloc's."
    )


async def in_flight(openai: FakeOpenAI, command: list[str], extra: dict[str, str], k: int) -> str:
    openai.reset()
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-where-") as folder:
        prefix = str(Path(folder) / "snapshot")
        traced = [sys.executable, "-m", "bench.traced_bot", prefix, *command]
        settings = extra | {"DATABASE_URL": f"sqlite:///{folder}/bot.db", "EXPORT_DIR": f"{folder}/exports"}
        async with fake_telegram() as telegram:
            env = minimal_env(server_settings(telegram, openai) | settings)
            async with polling(traced, env, telegram, Path(folder)) as process:
                return await both_snapshots(openai, telegram, process.pid, prefix, k)


async def both_snapshots(openai: FakeOpenAI, telegram: FakeTelegram, pid: int, prefix: str, k: int) -> str:
    """One answered message, a snapshot; K messages held by the model, another."""
    openai.then(Behaviour(text="Hello from the fake model."))
    replies = ReplyCount(telegram)
    telegram.push_update(*updates(1, 1, first_user=1))
    await wait_for(lambda: replies() >= 1, 120.0)
    await asyncio.sleep(1.0)
    first_rss, first = rss_mb(pid), await snapshot(pid, prefix, 1)
    asked = len(openai.seen("/v1/responses"))
    telegram.push_update(*updates(k, 1))
    await wait_for(lambda: len(openai.seen("/v1/responses")) >= asked + k, 240.0)
    await asyncio.sleep(1.0)
    busy_rss, busy = rss_mb(pid), await snapshot(pid, prefix, 2)
    return table(busy, first, k, (busy_rss - first_rss) * 1024 / k)


async def snapshot(pid: int, prefix: str, n: int) -> tracemalloc.Snapshot:
    os.kill(pid, signal.SIGUSR1)
    path = Path(f"{prefix}-{n}.pickle")
    await wait_for(path.exists, 120.0)
    return tracemalloc.Snapshot.load(str(path))


def table(busy: tracemalloc.Snapshot, first: tracemalloc.Snapshot, k: int, rss_kb: float) -> str:
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    busy, first = busy.filter_traces(ignore), first.filter_traces(ignore)
    diffs = busy.compare_to(first, "filename")
    total = sum(d.size_diff for d in diffs)
    lines = [
        f"VmRSS +{rss_kb:.0f} kB per conversation; Python's allocations +{total / k / 1024:.0f} kB "
        f"(+{sum(d.count_diff for d in diffs) / k:.0f} blocks), by file:",
        "",
        "| file | kB per conversation | blocks per conversation |",
        "|---|---|---|",
    ]
    for diff in diffs[:14]:
        name = diff.traceback[0].filename
        short = name.split("site-packages/")[-1].replace(str(Path.cwd()) + "/", "")
        lines.append(f"| {short} | {diff.size_diff / k / 1024:.1f} | {diff.count_diff / k:.0f} |")
    return "\n".join(lines)


def main(k: int) -> None:
    print(imports(), "\n")
    ours = UNREACHED_LIMITS | {"SHUTDOWN_GRACE_SECONDS": "1"}
    with running_fake_openai() as openai:
        openai.default = Behaviour(text="Hello from the fake model.", delay=600.0)
        for name, command, extra in (
            ("bare aiogram + SDK relay", ["bench.baseline_bot", "model"], {}),
            ("`gptbot run`", ["entrypoints.cli", "run"], ours),
        ):
            text = asyncio.run(in_flight(openai, command, extra, k))
            print(f"**{name}, {k} conversations in flight.** {text}\n", flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
