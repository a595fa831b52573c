"""The dashboard's views (usage per model and day, timeline kinds per day, people, ledger heads) equal
a recomputation from generated histories, in memory and in SQLite, however the projection is batched,
stopped and restarted."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection.catch_up import Projector
from tests.fakes.views import FakeAnalyticsViews
from tests.projections.dashboard_rows import fake_dashboard_tables, sql_dashboard_tables
from tests.projections.history import (
    NAMED,
    STEPS,
    Action,
    Register,
    at,
    expected_dashboard_tables,
    histories,
    logged,
    write,
)
from tests.support.stores import sqlite_url

batch_sizes = st.integers(min_value=1, max_value=40)


@pytest.fixture(scope="module")
def sqlite_views(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SqlAnalyticsViews]]:
    """One SQLite file of views for every example: each starts by emptying them."""
    url = sqlite_url(Path(tmp_path_factory.mktemp("dashboard-views")))
    views = SqlAnalyticsViews.open(url)
    yield url, views
    views.close()


@settings(max_examples=60)
@given(histories, batch_sizes)
def test_the_dashboard_views_equal_a_recomputation_from_the_history(
    history: list[Action], batch_size: int
) -> None:
    views = FakeAnalyticsViews()
    Projector(logged(history), views, batch_size=batch_size).catch_up()

    assert fake_dashboard_tables(views) == expected_dashboard_tables(history)


@settings(max_examples=30, deadline=None)
@given(histories, st.data(), batch_sizes, batch_sizes)
def test_sql_dashboard_views_stopped_at_any_event_and_restarted_equal_the_recomputation(
    sqlite_views: tuple[str, SqlAnalyticsViews],
    history: list[Action],
    data: st.DataObject,
    first: int,
    second: int,
) -> None:
    url, views = sqlite_views
    store = EventStoreAggregates.in_memory()
    write(store, history)
    log = EventStoreLog(store.app)
    views.reset()
    stop_at = data.draw(st.integers(min_value=0, max_value=log.last_position()), label="stop_at")

    Projector(log, views, batch_size=first).catch_up(stop_at=stop_at)
    Projector(log, views, batch_size=second).catch_up()

    assert sql_dashboard_tables(url) == expected_dashboard_tables(history)


def test_a_person_keeps_the_fields_later_batches_do_not_touch(tmp_path: Path) -> None:
    history: list[Action] = [
        Register(1, 0, NAMED, "Ada", "ada"),
        Register(1, 1, STEPS.index("promoted_to_admin")),
        Register(1, 2, STEPS.index("banned")),
        Register(1, 3, NAMED, "Grace"),
    ]
    url = sqlite_url(tmp_path)
    views = SqlAnalyticsViews.open(url)
    try:
        Projector(logged(history), views, batch_size=1).catch_up()
    finally:
        views.close()

    [person] = sql_dashboard_tables(url).people.values()
    assert (person.name, person.username, person.admin, person.banned) == ("Grace", None, True, True)
    assert (person.granted, person.registered_at) == (False, at(0))
