"""The projection worker: beside the console chat, and as `gptbot project` killed and restarted."""

import asyncio
import signal
import subprocess
import time
from pathlib import Path

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
from application.billing.usage import UsageService
from application.projection.catch_up import Projector
from domain.budget import Limits
from domain.pricing import PriceTable
from domain.usage import ModelUsage
from entrypoints.projection_worker import ProjectionWorker, with_projection
from tests.entrypoints.cli_runner import GPTBOT, clean_env, run_gptbot
from tests.fakes.clock import FakeClock
from tests.fakes.views import FakeAnalyticsViews
from tests.projections.bulk import fill
from tests.projections.history import views_as_expected
from tests.support.stores import sqlite_url

HANG_GUARD_SECONDS = 120


async def test_the_embedded_worker_projects_while_the_bot_runs_and_once_more_at_the_end(
    tmp_path: Path,
) -> None:
    url = sqlite_url(tmp_path)
    store, views = EventStoreAggregates.from_database_url(url), SqlAnalyticsViews.open(url)
    log = EventStoreLog(store.app)
    worker = ProjectionWorker(Projector(log, views), poll_seconds=0.01)
    usage = UsageService(store, FakeClock(), PriceTable(), Limits())

    async def bot() -> None:
        await usage.record(5, "first", ModelUsage("model-a", input_tokens=10))
        for _ in range(HANG_GUARD_SECONDS * 100):
            if views.position() == log.last_position():
                break
            await asyncio.sleep(0.01)
        assert views.position() == log.last_position(), "the worker did not project while running"
        await usage.record(5, "last", ModelUsage("model-a", input_tokens=30))

    try:
        await with_projection(worker, bot())
        totals = views.user(5)
        assert totals is not None and (totals.counts.requests, totals.counts.input_tokens) == (2, 40)
        assert worker.status.lag == 0 and worker.status.position == log.last_position()
    finally:
        views.close()
        store.close()


def test_gptbot_project_killed_repeatedly_and_restarted_counts_every_event_once(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    store = EventStoreAggregates.from_database_url(url)
    fill(store, users=40, records_per_user=100, estimated_every=7)
    log, reference = EventStoreLog(store.app), FakeAnalyticsViews()
    Projector(log, reference).catch_up()
    views = SqlAnalyticsViews.open(url)
    try:
        reached = 0
        for _ in range(2):
            reached = _kill_after_progress(tmp_path, url, views, reached)
        done = run_gptbot(["project", "--once"], b"", tmp_path, DATABASE_URL=url)
        assert done.returncode == 0, done.stderr.decode()

        assert views.position() == log.last_position()
        assert views_as_expected(views) == views_as_expected(reference)
        assert sum(user.counts.estimated_requests for user in views.users()) == 40 * len(range(0, 100, 7))
    finally:
        views.close()
        store.close()


def _kill_after_progress(cwd: Path, url: str, views: SqlAnalyticsViews, reached: int) -> int:
    """Start `gptbot project`, SIGKILL it as soon as the views move past `reached`; where they got to."""
    process = subprocess.Popen(
        [str(GPTBOT), "project"], cwd=cwd, env=clean_env(DATABASE_URL=url), stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    try:
        while views.position() <= reached and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=HANG_GUARD_SECONDS)
    return views.position()
