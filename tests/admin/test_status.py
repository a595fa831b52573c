"""/status numbers and health: every part answers within its timeout, and a failing part is named."""

import asyncio
from collections.abc import Collection, Sequence
from datetime import date

from application.admin.pause import PauseService
from application.admin.status import StatusService, StoreProbe
from application.admin.texts import describe_status
from application.ports import HealthProbe
from application.projection import LoggedEvent
from tests.admin.views import spend
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.clock import FakeClock
from tests.fakes.views import FakeAnalyticsViews


class Log:
    """An event log whose head is where a test puts it."""

    name = "GptBot"

    def __init__(self, head: int) -> None:
        self.head = head

    def read(self, after: int, limit: int) -> Sequence[LoggedEvent]:
        return []

    def last_position(self) -> int:
        return self.head

    def count(self, topics: Collection[str] = ()) -> int:
        return self.head

    def subscribe(self, after: int) -> None:
        return None


class Broken:
    name = "Redis"

    async def check(self) -> None:
        raise ConnectionError("Connection refused")


class Silent:
    name = "Redis"

    async def check(self) -> None:
        await asyncio.Event().wait()


def status(
    store: FakeAggregates, views: FakeAnalyticsViews, probes: list[HealthProbe], unused: list[str]
) -> StatusService:
    clock = FakeClock()
    return StatusService(
        clock,
        views,
        Log(head=5),
        [StoreProbe(store), *probes],
        unused,
        PauseService(store, clock),
        0.2,
    )


async def test_status_reports_users_today_lag_and_healthy_parts() -> None:
    store, views = FakeAggregates(), FakeAnalyticsViews()
    spend(views, 7, date(2026, 11, 22), 1_250_000, requests=2)  # "today" after the clock moves on
    service = status(store, views, [], ["Redis"])
    assert isinstance(service.clock, FakeClock)
    service.clock.advance(hours=26, minutes=5)

    words = describe_status(await service.report())

    assert "Up for 1d 2h 5m" in words and "Users: 1, active today: 1" in words
    assert "Today: 2 requests, 20 tokens, $1.250000" in words and "Analytics lag: 4 events" in words
    assert "Database: ok" in words and "Redis: not configured (in-process)" in words
    assert "Answering everyone" in words

    russian = describe_status(await service.report(), "ru")
    assert "Работает 1 д 2 ч 5 мин (с " in russian and "База данных: " in russian


async def test_a_failing_or_silent_dependency_is_reported_and_the_rest_still_answers() -> None:
    store, views = FakeAggregates(), FakeAnalyticsViews()
    store.available = False

    words = describe_status(await status(store, views, [Broken(), Silent()], []).report())

    assert "Database: FAILING (the fake event store is switched off)" in words
    assert "Redis: FAILING (Connection refused)" in words
    assert "Redis: FAILING (no answer within 0.2 s)" in words
    assert "Users: 0, active today: 0" in words
