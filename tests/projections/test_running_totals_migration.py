"""Migration 0007 fills each user's running totals from the daily rows already in the views: a store
at 0006 gets the same rows the projection writes, without projecting the log again."""

from sqlalchemy import create_engine, inspect, select

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views import tables as t
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection.catch_up import Projector
from domain.usage import UsageKind
from tests.projections.earlier_views import views_moved_to
from tests.projections.history import Action, Message, Register, Usage, write

DAY = 60 * 24
HISTORY: list[Action] = [
    Register(1, 0, 0),
    Usage(1, 5, UsageKind.CHAT, "model-a", 100, 20, 10, 0, 3_000),
    Message(1, 6, "hello"),
    Register(2, DAY, 0),
    Usage(2, DAY + 1, UsageKind.IMAGE, "model-b", 0, 0, 0, 1, 40_000),
    Usage(1, 3 * DAY, UsageKind.CHAT, "model-a", 7, 3, 0, 0, 500, True),
    Usage(1, 3 * DAY + 9, UsageKind.CHAT, "model-a", 1, 1, 0, 0, 20),
    Message(2, 4 * DAY, "again"),
]


def _running_rows(url: str) -> list[tuple[object, ...]]:
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(select(t.running).order_by("user_id", "day"))]
    finally:
        engine.dispose()


def test_a_store_at_0006_gets_the_running_totals_the_projection_would_write(durable_store_url: str) -> None:
    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        write(store, HISTORY)
        views = SqlAnalyticsViews.open(durable_store_url)
        try:
            Projector(EventStoreLog(store.app), views).catch_up()
        finally:
            views.close()
    finally:
        store.close()
    projected = _running_rows(durable_store_url)
    assert [row[0] for row in projected] == [1, 1, 2, 2]  # each user on two days

    views_moved_to(durable_store_url, "0006", down=True)
    engine = create_engine(sqlalchemy_url(durable_store_url))
    try:
        assert "analytics_running" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    views_moved_to(durable_store_url, "head")

    assert _running_rows(durable_store_url) == projected
