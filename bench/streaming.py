"""Benchmark 3: from the model's first token to the first text the person sees, and Bot API calls per
reply, against a bare aiogram bot that forwards every piece straight to sendMessageDraft."""

import asyncio
import tempfile
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from bench.baseline_drafts import draft_bot
from bench.bot_harness import BenchModel, ReplyCount, fake_telegram, our_bot, updates, wait_for
from bench.measure import percentile
from bench.result import Figure, Result, ratio
from tests.support.fake_telegram import FakeTelegram

PIECES, GAP = 8, 0.1
SHOWN = ("sendMessageDraft", "editMessageText", "sendMessage")
SETUP_CALLS = ("getMe", "getUpdates", "setMyCommands", "deleteWebhook")
P95_GOAL_AGAINST_BARE = 1.5
"""Our p95 against the bare drafts bot's, at most."""
Launch = Callable[[FakeTelegram, BenchModel], AbstractAsyncContextManager[Any]]


def run(quick: bool) -> Result:
    users = 20 if quick else 100
    result = Result(
        "Streaming latency",
        f"{users} users in private chats each send one message at once; the in-process model streams "
        f"{PIECES} pieces {GAP:.1f} s apart. Latency is from the model handing over its first piece to "
        "the fake Bot API server receiving the first call that shows text (a draft, an edit or the "
        "message). Our bot in-process with the embedded defaults. Baseline: a bare aiogram bot in the "
        "same process (`bench/baseline_drafts.py`) that sends every piece at once as a sendMessageDraft "
        "and finishes with sendMessage, on the same model.",
    )
    bare, bare_calls, bare_spread = asyncio.run(_measure(users, draft_bot))
    ours, calls, spread = asyncio.run(_measure(users, _ours))
    for label, share in (("p50", 0.5), ("p95", 0.95)):
        mine, theirs = percentile(ours, share), percentile(bare, share)
        judged = share == 0.95
        result.add(
            Figure(
                f"first token to first visible text, {label}",
                _ms(mine),
                f"bare {_ms(theirs)}",
                ratio(mine, theirs),
                f"<= {P95_GOAL_AGAINST_BARE}" if judged else "",
                mine <= P95_GOAL_AGAINST_BARE * theirs if judged else None,
            )
        )
    result.add(
        Figure(
            "Bot API calls per reply (ours: typing, drafts, the message)",
            f"{calls:.1f}",
            f"bare {bare_calls:.1f}",
            ratio(calls, bare_calls),
        )
    )
    result.note(
        f"The {users} first pieces left the model within {_ms(spread)} of each other in our bot and "
        f"within {_ms(bare_spread)} in the baseline. First pieces that coincide queue their first calls "
        "behind each other on the one event loop the bot and the fake server share, and the baseline, "
        f"one draft per piece, asks for {users / GAP:,.0f} Bot API calls a second while the replies stream."
    )
    return result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


@asynccontextmanager
async def _ours(telegram: FakeTelegram, model: BenchModel) -> AsyncIterator[Any]:
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-stream-") as folder:
        async with our_bot(telegram, Path(folder), model) as container:
            yield container


async def _measure(users: int, launch: Launch) -> tuple[list[float], float, float]:
    """Latencies, Bot API calls per reply, and the time from the first to the last first piece."""
    model = BenchModel(pieces=PIECES, gap=GAP)
    async with fake_telegram() as telegram:
        async with launch(telegram, model):
            telegram.push_update(*updates(users, 1))
            answered = ReplyCount(telegram)
            await wait_for(lambda: answered() >= users)
        firsts = model.first_token_at.values()
        return _latencies(telegram, model.first_token_at), _calls(telegram) / users, max(firsts) - min(firsts)


def _latencies(telegram: FakeTelegram, first_token_at: dict[int, float]) -> list[float]:
    latencies = []
    for chat, at in first_token_at.items():
        shown = [c.at for c in telegram.calls if c.method in SHOWN and c.chat_id == chat and c.at >= at]
        if shown:
            latencies.append(min(shown) - at)
    return latencies


def _calls(telegram: FakeTelegram) -> int:
    return sum(1 for c in telegram.calls if c.method not in SETUP_CALLS)
