"""A rebuild of generated histories (usage, messages, registrations) in batches of any size leaves the
SQL views row for row as the batch-by-batch projection does."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection.catch_up import Projector
from tests.projections.history import Action, histories, write
from tests.projections.view_rows import view_rows
from tests.support.stores import sqlite_url

sizes = st.integers(min_value=1, max_value=30)


@pytest.fixture(scope="module")
def sqlite_views(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, SqlAnalyticsViews]]:
    """One SQLite file of views for every example: each starts by emptying them."""
    url = sqlite_url(Path(tmp_path_factory.mktemp("rebuild-properties")))
    views = SqlAnalyticsViews.open(url)
    yield url, views
    views.close()


@settings(max_examples=30, deadline=None)
@given(histories, sizes, sizes, st.booleans())
def test_a_rebuild_equals_the_batch_by_batch_projection(
    sqlite_views: tuple[str, SqlAnalyticsViews],
    history: list[Action],
    batch_size: int,
    rebuild_batch_size: int,
    store_content: bool,
) -> None:
    url, views = sqlite_views
    store = EventStoreAggregates.in_memory()
    write(store, history)
    log = EventStoreLog(store.app)
    views.reset()
    Projector(log, views, store_content, batch_size).catch_up()
    incremental = view_rows(url)

    rebuilt = Projector(log, views, store_content, 1, rebuild_batch_size).rebuild()

    assert rebuilt == log.last_position()
    assert view_rows(url) == incremental
