"""Benchmark 3: from the model's first token to the first text the person sees, and Bot API calls per reply."""

import asyncio
import tempfile
from pathlib import Path

from bench.bot_harness import BenchModel, fake_telegram, our_bot, replies, updates, wait_for
from bench.measure import percentile
from bench.result import Figure, Result
from tests.support.fake_telegram import FakeTelegram

PIECES, GAP = 8, 0.1
SHOWN = ("sendMessageDraft", "editMessageText", "sendMessage")
SETUP_CALLS = ("getMe", "getUpdates", "setMyCommands", "deleteWebhook")


def run(quick: bool) -> Result:
    users = 20 if quick else 100
    result = Result(
        "Streaming latency",
        f"{users} users in private chats each send one message at once; the in-process model streams "
        f"{PIECES} pieces {GAP:.1f} s apart. Latency is from the model handing over its first piece to "
        "the fake Bot API server receiving the first call that shows text (a draft, an edit or the "
        "message). Our bot in-process with the embedded defaults.",
    )
    latencies, calls = asyncio.run(_measure(users))
    result.add(
        Figure("first token to first visible text, p50", f"{percentile(latencies, 0.5) * 1000:.0f} ms"),
        Figure("first token to first visible text, p95", f"{percentile(latencies, 0.95) * 1000:.0f} ms"),
        Figure("Bot API calls per reply (typing, drafts, the message)", f"{calls:.1f}"),
    )
    return result


async def _measure(users: int) -> tuple[list[float], float]:
    model = BenchModel(pieces=PIECES, gap=GAP)
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-stream-") as folder:
        async with fake_telegram() as telegram, our_bot(telegram, Path(folder), model):
            telegram.push_update(*updates(users, 1))
            await wait_for(lambda: replies(telegram) >= users)
        return _latencies(telegram, model.first_token_at), _calls(telegram) / users


def _latencies(telegram: FakeTelegram, first_token_at: dict[int, float]) -> list[float]:
    latencies = []
    for chat, at in first_token_at.items():
        shown = [c.at for c in telegram.calls if c.method in SHOWN and c.chat_id == chat and c.at >= at]
        if shown:
            latencies.append(min(shown) - at)
    return latencies


def _calls(telegram: FakeTelegram) -> int:
    return sum(1 for c in telegram.calls if c.method not in SETUP_CALLS)
