"""The rebuild in parts leaves the views row for row as the batch-by-batch projection leaves them."""

from pathlib import Path

import pytest

from adapters.fakes.views import FakeAnalyticsViews
from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection_catch_up import Projector
from tests.projections.bulk import fill
from tests.projections.view_rows import view_rows
from tests.support.stores import sqlite_url


@pytest.mark.parametrize(
    ("database", "workers"),
    [
        ("sqlite", 1),
        ("sqlite", 2),
        pytest.param("postgres", 2, marks=pytest.mark.postgres),
    ],
)
def test_a_rebuild_in_parts_stores_the_same_rows_as_the_incremental_projection(
    request: pytest.FixtureRequest, tmp_path: Path, database: str, workers: int
) -> None:
    url = sqlite_url(tmp_path) if database == "sqlite" else request.getfixturevalue("postgres_url")
    store = EventStoreAggregates.from_database_url(url)
    views = SqlAnalyticsViews.open(url)
    try:
        fill(store, users=8, records_per_user=40)
        log = EventStoreLog(store.app)
        Projector(log, views, batch_size=50).catch_up()
        incremental = view_rows(url)

        rebuilt = Projector(log, views).rebuild(workers=workers, part_events=37)  # many parts

        assert rebuilt == log.last_position()
        assert view_rows(url) == incremental
        assert len(incremental["analytics_timeline"]) == 8 * 40
    finally:
        views.close()
        store.close()


def test_views_without_a_bulk_rebuild_are_rebuilt_batch_by_batch(tmp_path: Path) -> None:
    store = EventStoreAggregates.from_database_url(sqlite_url(tmp_path))
    try:
        fill(store, users=2, records_per_user=10)
        views = FakeAnalyticsViews()

        assert Projector(EventStoreLog(store.app), views).rebuild() == 22
        assert views.position() == 22
    finally:
        store.close()
