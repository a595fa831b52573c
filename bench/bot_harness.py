"""The real bot (composition root, aiogram, polling) run in-process against the fake Bot API server,
and a bare aiogram echo bot on the same server as the baseline."""

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from dependency_injector import providers

from application.model_io import GeneratedImage, ImageRequest, Prompt, ReplyDone, TextDelta
from domain.usage import ModelUsage
from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.telegram_runner import serve
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_updates import Person, message

TOKEN = "123456:BENCH-token-for-the-fake-bot-api"
GUARD_SECONDS = 600.0


class BenchModel:
    """A ChatModel that waits `delay` seconds, then streams `pieces` deltas `gap` seconds apart, noting
    when each reply's first delta left it (time.monotonic, the clock the fake server stamps calls with)."""

    def __init__(self, delay: float = 0.0, pieces: int = 1, gap: float = 0.0) -> None:
        self.delay, self.pieces, self.gap = delay, pieces, gap
        self.first_token_at: dict[int, float] = {}

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        whole = ""
        async for part in self.pieces_of(prompt.turns[-1].text):
            whole += part
            yield TextDelta(part)
        yield ReplyDone(whole, ModelUsage(prompt.model, input_tokens=20, output_tokens=len(whole.split())))

    async def pieces_of(self, message: str) -> AsyncIterator[str]:
        """The reply to one message, piece by piece: what stream_reply streams, for the baselines too."""
        if self.delay:
            await asyncio.sleep(self.delay)
        text = f"echo: {message}"
        for n in range(self.pieces):
            if n == 0 and (chat := _chat_of(text)) is not None:
                self.first_token_at[chat] = time.monotonic()
            elif self.gap:
                await asyncio.sleep(self.gap)
            yield f"{text} part {n}. "

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        raise NotImplementedError("the bench sends text only")

    async def aclose(self) -> None:
        """Holds no connections."""


def _chat_of(text: str) -> int | None:
    """The bench's messages read `hello from <user id>`; the user's private chat has that id."""
    last = text.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else None


def updates(users: int, per_user: int, first_user: int = 10_000) -> list[dict[str, Any]]:
    """`users * per_user` text messages in private chats, users taking turns."""
    return [
        message(Person(first_user + u), f"hello from {first_user + u}")
        for _ in range(per_user)
        for u in range(users)
    ]


class ReplyCount:
    """Finished replies recorded by the server (the group placeholder `…` is not one), counted as
    calls arrive: each check reads only the calls made since the last one, so polling for the end of
    a long run costs the bot under test (it shares this process) next to nothing."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self.telegram, self.seen, self.count = telegram, 0, 0

    def __call__(self) -> int:
        calls = self.telegram.calls
        for call in calls[self.seen :]:
            if call.method == "sendMessage" and call.params.get("text") != "…":
                self.count += 1
        self.seen = len(calls)
        return self.count


def served_seconds(telegram: FakeTelegram) -> float:
    """From the first getUpdates the server saw to the last reply it recorded."""
    first = telegram.calls_of("getUpdates")[0].at
    last = max(c.at for c in telegram.calls if c.method == "sendMessage")
    return last - first


async def wait_for(condition: Callable[[], bool], guard: float = GUARD_SECONDS) -> None:
    deadline = time.monotonic() + guard
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the bot did not answer in time")
        await asyncio.sleep(0.02)


@asynccontextmanager
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    try:
        yield server
    finally:
        await server.close()


@asynccontextmanager
async def our_bot(
    telegram: FakeTelegram, folder: Path, model: Any | None = None, **overrides: Any
) -> AsyncIterator[Container]:
    """`gptbot run` in this process (polling), with the embedded defaults unless overridden."""
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base": telegram.url,
        "database_url": f"sqlite:///{folder / 'bot.db'}",
        "log_level": "WARNING",
        # The fake server has no rate limits to keep to: the limiter and flood control still run and
        # take their slots and counts (their cost is measured), but at rates no run reaches.
        "telegram_sends_per_second": 1e9,
        "telegram_private_chat_sends_per_second": 1e9,
        "telegram_group_sends_per_minute": 1e9,
        "flood_messages_per_minute": 10**9,
        # Every benchmark's users are in hand at once, as they are for the bare bots it is measured
        # against; the bound on updates in hand (backpressure, ADR 29) is for bursts beyond a machine's.
        "max_updates_in_hand": 10**6,
    }
    values |= overrides
    container = Container(settings=Settings(_env_file=None, **values))  # type: ignore[call-arg]
    if model is not None:
        container.chat_model.override(providers.Object(model))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(container, stop, handle_signals=False))
    await wait_for(lambda: bool(telegram.calls_of("getUpdates")) or task.done(), 60.0)
    if task.done():
        await task
    try:
        yield container
    finally:
        stop.set()
        await asyncio.wait_for(task, 60.0)


def bare_bot(telegram: FakeTelegram) -> Bot:
    """A plain aiogram Bot pointed at the fake server: none of our session's additions, as a baseline."""
    return Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(telegram.url)))


@asynccontextmanager
async def polling(dispatcher: Dispatcher, bot: Bot, telegram: FakeTelegram) -> AsyncIterator[Bot]:
    """The dispatcher polling the fake server from its first getUpdates until the block ends."""
    task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False))
    await wait_for(lambda: bool(telegram.calls_of("getUpdates")) or task.done(), 60.0)
    try:
        yield bot
    finally:
        await dispatcher.stop_polling()
        await task
        await bot.session.close()


@asynccontextmanager
async def echo_bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    """The baseline: a Dispatcher with one handler that answers the message's text."""
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(incoming: Message) -> None:
        await incoming.answer(incoming.text or "")

    async with polling(dispatcher, bare_bot(telegram), telegram) as bot:
        yield bot
