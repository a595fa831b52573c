"""The guard kept in the views' database, on an SQLite file and on PostgreSQL."""

import asyncio
import logging
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import delete, func, select

from adapters.sql.update_guard import SqlUpdateGuard
from adapters.sql.views import tables as t
from adapters.sql.views.store import SqlAnalyticsViews
from application.ports import UpdateGuard
from tests.contracts.update_guard_contract import UpdateGuardContract
from tests.fakes.clock import FakeClock

DAY_SECONDS = 24 * 60 * 60


@pytest.fixture
def guard_url(durable_store_url: str) -> str:
    """A database with the views' schema, the guard's table among them."""
    SqlAnalyticsViews.open(durable_store_url).close()
    return durable_store_url


@pytest.fixture
def open_guard(guard_url: str) -> Iterator[Callable[..., SqlUpdateGuard]]:
    """Opens guards on the one database, each a worker of its own; all closed at the end."""
    opened: list[SqlUpdateGuard] = []

    def open_one(clock: FakeClock | None = None) -> SqlUpdateGuard:
        opened.append(SqlUpdateGuard.open(guard_url, clock))
        return opened[-1]

    yield open_one
    for guard in opened:
        guard.close()


def rows(guard: SqlUpdateGuard) -> int:
    with guard.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(t.update_guard)).scalar_one())


class TestSqlUpdateGuard(UpdateGuardContract):
    @pytest.fixture
    def make_guard(self, open_guard: Callable[..., SqlUpdateGuard]) -> Callable[[], UpdateGuard]:
        def fresh() -> UpdateGuard:
            guard = open_guard()
            with guard.engine.begin() as connection:
                connection.execute(delete(t.update_guard))
            return guard

        return fresh


async def test_an_update_taken_before_a_restart_is_recognised_after_it(
    open_guard: Callable[..., SqlUpdateGuard],
) -> None:
    before = open_guard()
    assert await before.first_time(41) is True
    before.close()
    assert await open_guard().first_time(41) is False


async def test_two_workers_on_one_database_let_an_update_through_once(
    open_guard: Callable[..., SqlUpdateGuard],
) -> None:
    workers = [open_guard() for _ in range(4)]
    results = await asyncio.gather(*(worker.first_time(9) for worker in workers))
    assert sorted(results) == [False, False, False, True]


async def test_rows_older_than_the_window_are_pruned(open_guard: Callable[..., SqlUpdateGuard]) -> None:
    clock = FakeClock()
    guard = open_guard(clock)
    await guard.first_time(1)
    clock.advance(hours=23)
    await guard.first_time(2)
    clock.advance(hours=1, seconds=1)
    await guard.first_time(3)
    # The prune runs with the insert of 3: update 1 is past the window, 2 is not.
    assert rows(guard) == 2
    assert await open_guard(clock).first_time(2) is False


async def test_an_update_past_the_window_passes_again_even_before_its_row_is_pruned(
    open_guard: Callable[..., SqlUpdateGuard],
) -> None:
    clock = FakeClock()
    await open_guard(clock).first_time(5)
    clock.advance(seconds=DAY_SECONDS)
    workers = [open_guard(clock), open_guard(clock)]
    # Neither has pruned when it inserts: the row past the window is taken again by one of them only.
    results = await asyncio.gather(*(worker.first_time(5) for worker in workers))
    assert sorted(results) == [False, True]


async def test_a_database_outage_lets_updates_through_on_this_process_memory_logged_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Nothing listens on port 1: every connection is refused, as while the server is down.
    guard = SqlUpdateGuard.open("postgresql://postgres@127.0.0.1:1/gptbot")
    try:
        with caplog.at_level(logging.WARNING, logger="adapters.sql.update_guard"):
            assert await guard.first_time(1) is True
            assert await guard.first_time(2) is True
            assert await guard.first_time(1) is False
        assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    finally:
        guard.close()
