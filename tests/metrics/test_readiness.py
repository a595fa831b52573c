"""/healthz and /readyz of a running bot: ready while the store answers and the views keep up with the log,
not ready while the store is down, the views are behind, or the bot is stopping."""

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from adapters.metrics.readiness import Readiness, Verdict
from application.admin.status import StoreProbe
from application.model_io import Prompt, ReplyDone, TextDelta
from entrypoints.container import Container
from entrypoints.settings import Settings, StartupFailure
from tests.metrics.health_pages import answered, get
from tests.support.postgres import PostgresCluster, PostgresUnavailable, start_cluster
from tests.support.redis_server import free_port
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import SUBSCRIBER, StartBot, ban
from tests.support.telegram_updates import message


class GatedModel(ScriptedChatModel):
    """Starts each reply only once the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        self.running += 1
        try:
            await self.gate.wait()
        finally:
            self.running -= 1
        async for item in super().stream_reply(prompt):
            yield item


@pytest.fixture
def own_cluster() -> Iterator[PostgresCluster]:
    """A cluster of this test's own: the session's cluster serves other tests and must stay up."""
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        with contextlib.suppress(PostgresUnavailable):
            cluster.stop()


@pytest.mark.postgres
async def test_the_bot_is_not_ready_while_its_database_is_down_and_ready_again_once_it_is_back(
    own_cluster: PostgresCluster, start_bot: StartBot
) -> None:
    port = free_port()
    await start_bot(health_port=port, database_url=own_cluster.create_database())
    assert await get(port, "/healthz") == (200, {"status": "alive"})
    ready = await answered(port, "/readyz", 200)
    assert ready == {"ready": True, "parts": {"store": "ok", "projection": "ok"}}

    await asyncio.to_thread(own_cluster.pause)
    down = await answered(port, "/readyz", 503)
    assert down["ready"] is False and down["parts"]["store"] != "ok"
    assert (await get(port, "/healthz"))[0] == 200

    await asyncio.to_thread(own_cluster.resume)
    assert (await answered(port, "/readyz", 200))["parts"]["store"] == "ok"


@pytest.mark.parametrize("webhook", [False, True], ids=["polling", "webhook"])
async def test_a_stopping_bot_is_not_ready_while_it_finishes_the_replies_in_hand(
    start_bot: StartBot, webhook: bool
) -> None:
    port = free_port()
    model = GatedModel()
    bot = await start_bot(webhook, model=model, health_port=port)
    await answered(port, "/readyz", 200)
    await bot.send(message(SUBSCRIBER, "take your time"))
    await bot.telegram.wait_until(lambda: model.running == 1)

    bot.stop.set()
    assert await get(port, "/readyz") == (503, {"ready": False, "parts": {"stopping": "the bot is stopping"}})
    assert (await get(port, "/healthz"))[0] == 200
    model.gate.set()
    await bot.stopped()
    assert bot.finished(SUBSCRIBER.user_id) == ["echo: take your time"]


async def test_views_further_behind_the_log_than_allowed_make_the_bot_unready(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'bot.db'}")  # type: ignore[call-arg]
    container = Container(settings=settings)
    try:
        await ban(container.store(), SUBSCRIBER.user_id)
        readiness = Readiness(
            StoreProbe(container.store()), container.event_log(), container.views(), 0, asyncio.Event()
        )
        behind = await readiness.verdict()
        assert not behind.ready and behind.parts["projection"].endswith("events behind (at most 0)")
        await asyncio.to_thread(container.projector().catch_up)
        assert await readiness.verdict() == Verdict(True, {"store": "ok", "projection": "ok"})
    finally:
        container.store().close()


async def test_a_health_port_taken_by_another_process_stops_the_start_with_one_line(
    start_bot: StartBot,
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(StartupFailure, match=f"cannot serve health and metrics on 127.0.0.1:{port}"):
            await start_bot(health_port=port)
