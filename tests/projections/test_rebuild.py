"""A rebuild empties the views and projects the log again with the same code, batch by batch: it
leaves the views row for row as the incremental projection leaves them."""

from pathlib import Path

import pytest

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection.catch_up import Projector
from tests.fakes.views import FakeAnalyticsViews
from tests.projections.bulk import fill
from tests.projections.view_rows import view_rows
from tests.support.stores import sqlite_url


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_rebuild_stores_the_same_rows_as_the_incremental_projection(
    request: pytest.FixtureRequest, tmp_path: Path, database: str
) -> None:
    url = sqlite_url(tmp_path) if database == "sqlite" else request.getfixturevalue("postgres_url")
    store = EventStoreAggregates.from_database_url(url)
    views = SqlAnalyticsViews.open(url)
    try:
        fill(store, users=8, records_per_user=40, estimated_every=3)
        log = EventStoreLog(store.app)
        Projector(log, views, batch_size=50).catch_up()
        incremental = view_rows(url)
        reached: list[tuple[int, int]] = []

        rebuilt = Projector(log, views, batch_size=1, rebuild_batch_size=37).rebuild(
            lambda position, head: reached.append((position, head))
        )

        assert rebuilt == log.last_position() == 8 * 41
        assert view_rows(url) == incremental
        assert len(incremental["analytics_timeline"]) == 8 * 40
        assert [position for position, _ in reached] == [*range(37, 8 * 41, 37), 8 * 41]
        assert {head for _, head in reached} == {8 * 41}
    finally:
        views.close()
        store.close()


def test_a_rebuild_while_the_views_are_half_projected_counts_every_event_once(tmp_path: Path) -> None:
    store = EventStoreAggregates.from_database_url(sqlite_url(tmp_path))
    try:
        fill(store, users=2, records_per_user=10)
        log, views, reference = EventStoreLog(store.app), FakeAnalyticsViews(), FakeAnalyticsViews()
        Projector(log, reference).catch_up()
        Projector(log, views, batch_size=3).catch_up(stop_at=7)

        assert Projector(log, views).rebuild() == 22
        assert views.position() == 22
        assert views.snapshot() == reference.snapshot()
    finally:
        store.close()
