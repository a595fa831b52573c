"""Following the log through the library's subscription: new events reach the views as they are
written, each counted once, also when the views are emptied for a rebuild meanwhile; where the store
cannot announce events (SQLite), the worker reads the log instead."""

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
from application.billing.usage import UsageService
from application.projection.analytics import AnalyticsProjection
from application.projection.catch_up import Projector
from application.projection.follow import Follower
from application.projection.model import LoggedEvent
from domain.budget import Limits
from domain.pricing import PriceTable
from domain.usage import ModelUsage, UsageKind
from entrypoints.projection_worker import ProjectionWorker, with_projection
from tests.fakes.clock import FakeClock
from tests.fakes.views import FakeAnalyticsViews
from tests.projections.bulk import fill
from tests.projections.history import Message, Register, Usage, write
from tests.support.stores import sqlite_url

HANG_GUARD_SECONDS = 60
NEVER_POLLED = 3600.0
"""A poll interval no test waits for: what reaches the views came through the subscription."""
LISTENING_SECONDS = 0.5
"""Time for a new subscription to start listening: what is written while it starts is read by the
worker's next poll, which these tests do not wait for."""


def eventually(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "the views did not catch up"
        time.sleep(0.01)


@contextmanager
def following(projector: Projector) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(target=Follower(projector, NEVER_POLLED).follow, args=(stop,))
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(HANG_GUARD_SECONDS)
        assert not thread.is_alive(), "the follower did not stop"


def test_events_written_while_following_reach_the_views_once_also_across_a_rebuild() -> None:
    store = EventStoreAggregates.in_memory()
    log, views = EventStoreLog(store.app), FakeAnalyticsViews()
    fill(store, users=3, records_per_user=20)
    projector = Projector(log, views, batch_size=7)

    with following(projector):
        eventually(lambda: views.position() == 63)
        fill(store, users=2, records_per_user=30, first_user=4)
        eventually(lambda: views.position() == 125)
        views.reset()
        write(
            store,
            [Register(9, 1), Message(9, 2, "hi"), Usage(9, 3, UsageKind.CHAT, "model-a", 10, 2, 0, 0, 9)],
        )
        eventually(lambda: views.position() == log.last_position())

    reference = FakeAnalyticsViews()
    Projector(log, reference).catch_up()
    assert views.snapshot() == reference.snapshot()


@pytest.mark.postgres
async def test_the_embedded_worker_follows_postgresql_through_listen_notify(postgres_url: str) -> None:
    store, views = EventStoreAggregates.from_database_url(postgres_url), SqlAnalyticsViews.open(postgres_url)
    log = EventStoreLog(store.app)
    worker = ProjectionWorker(Projector(log, views), poll_seconds=NEVER_POLLED)
    usage = UsageService(store, FakeClock(), PriceTable(), Limits())

    async def bot() -> None:
        await asyncio.sleep(LISTENING_SECONDS)
        for n in range(3):
            await usage.record(5, f"request-{n}", ModelUsage("model-a", input_tokens=10))
            await _projected_up_to(log.last_position(), views)

    try:
        await with_projection(worker, bot())
        totals = views.user(5)
        assert totals is not None and totals.counts.requests == 3
    finally:
        views.close()
        store.close()


async def _projected_up_to(position: int, views: SqlAnalyticsViews) -> None:
    deadline = time.monotonic() + HANG_GUARD_SECONDS
    while views.position() < position:
        assert time.monotonic() < deadline, "the worker did not follow the new events"
        await asyncio.sleep(0.01)


def test_an_sqlite_log_announces_nothing_so_it_is_read_as_events_come(tmp_path: Path) -> None:
    store = EventStoreAggregates.from_database_url(sqlite_url(tmp_path))
    try:
        assert EventStoreLog(store.app).subscribe(0) is None
    finally:
        store.close()


def test_the_projection_takes_events_one_by_one_as_eventsourcing_runners_hand_them_over() -> None:
    store = EventStoreAggregates.in_memory()
    fill(store, users=2, records_per_user=5)
    log, views, reference = EventStoreLog(store.app), FakeAnalyticsViews(), FakeAnalyticsViews()
    Projector(log, reference).catch_up()
    projection = AnalyticsProjection(views, store.app.name)

    for notification in store.app.recorder.select_notifications(1, 100):
        event = store.app.mapper.to_domain_event(notification)
        projection.process_event(event, Tracking(store.app.name, notification.id))
        projection.process_event(event, Tracking(store.app.name, notification.id))  # delivered twice

    assert views.snapshot() == reference.snapshot()
    assert projection.view.max_tracking_id(store.app.name) == 12
    assert projection.view.has_tracking_id(store.app.name, 12)
    assert not projection.view.has_tracking_id(store.app.name, 13)
    assert projection.view.max_tracking_id("another application") is None


def test_the_views_tracking_moves_only_forwards() -> None:
    views = FakeAnalyticsViews()
    projection = AnalyticsProjection(views, "GptBot")

    projection.view.insert_tracking(Tracking("GptBot", 4))
    with pytest.raises(IntegrityError):
        projection.view.insert_tracking(Tracking("GptBot", 4))
    projection.view.wait("GptBot", 4, timeout=0.1)
    with pytest.raises(TimeoutError):
        projection.view.wait("GptBot", 5, timeout=0.1)

    assert views.position() == 4 and views.users() == []


class FailingSubscription:
    """A subscription whose connection is lost after its first event."""

    def __init__(self, first: LoggedEvent) -> None:
        self.first, self.stopped = first, False

    def __iter__(self) -> Iterator[LoggedEvent]:
        yield self.first
        raise ConnectionError("server closed the connection unexpectedly")

    def stop(self) -> None:
        self.stopped = True

    def __enter__(self) -> "FailingSubscription":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class LostConnectionLog(EventStoreLog):
    def subscribe(self, after: int) -> FailingSubscription:  # type: ignore[override]
        self.subscription = FailingSubscription(self.read(0, 1)[0])
        return self.subscription


def test_a_subscription_that_fails_ends_the_follower_with_its_error_and_nothing_half_done() -> None:
    store = EventStoreAggregates.in_memory()
    fill(store, users=1, records_per_user=3)
    log, views = LostConnectionLog(store.app), FakeAnalyticsViews()

    with pytest.raises(ConnectionError):
        Follower(Projector(log, views), NEVER_POLLED).follow(threading.Event())

    assert log.subscription.stopped and views.position() == log.last_position()
