"""Migration 0005 adds the dashboard's views to a store at 0004: it empties every view and the tracking
row, so the next projection projects the whole log again and fills the new tables."""

from alembic import command
from sqlalchemy import create_engine, inspect

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.migrate import alembic_config, is_current
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection.catch_up import Projector
from domain.usage import UsageKind
from tests.projections.dashboard_rows import sql_dashboard_tables
from tests.projections.earlier_views import views_left_at
from tests.projections.history import (
    NAMED,
    STEPS,
    Action,
    Message,
    Register,
    Usage,
    at,
    expected_dashboard_tables,
    write,
)
from tests.projections.view_rows import view_rows

HISTORY: list[Action] = [
    Register(1, 0, NAMED, "Ada", "ada"),
    Usage(1, 5, UsageKind.CHAT, "model-a", 100, 20, 10, 0, 3_000),
    Message(1, 6, "hello"),
    Register(2, 60 * 24, 0),
    Register(2, 60 * 25, STEPS.index("banned")),
    Usage(2, 60 * 24 * 12, UsageKind.IMAGE, "model-b", 0, 0, 0, 1, 40_000, True),
    Register(1, 60 * 24 * 13, NAMED, "Ada L.", "ada"),
]
NEW_TABLES = {"analytics_model_days", "analytics_kind_days", "analytics_people", "analytics_ledger_heads"}


def test_a_store_at_0004_gets_the_new_views_filled_by_the_next_projection(durable_store_url: str) -> None:
    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        write(store, HISTORY)
        log = EventStoreLog(store.app)
        views_left_at(
            durable_store_url,
            "0004",
            log,
            ("INSERT INTO analytics_timeline VALUES (1, 1, 'registered', :at, NULL)", {"at": at(0)}),
        )
        engine = create_engine(sqlalchemy_url(durable_store_url))
        try:
            assert not NEW_TABLES & set(inspect(engine).get_table_names())
        finally:
            engine.dispose()

        views = SqlAnalyticsViews.open(durable_store_url)
        try:
            assert is_current(views.engine) and set(inspect(views.engine).get_table_names()) >= NEW_TABLES
            assert views.position() == 0
            assert not any(view_rows(durable_store_url).values())

            Projector(log, views).catch_up()
        finally:
            views.close()

        assert sql_dashboard_tables(durable_store_url) == expected_dashboard_tables(HISTORY)
        people = sql_dashboard_tables(durable_store_url).people
        assert (people[1].name, people[2].banned) == ("Ada L.", True)
        assert len(view_rows(durable_store_url)["analytics_timeline"]) == 7
    finally:
        store.close()


def test_downgrading_0005_drops_the_dashboard_views(durable_store_url: str) -> None:
    views = SqlAnalyticsViews.open(durable_store_url)
    config = alembic_config()
    try:
        with views.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
        tables = set(inspect(views.engine).get_table_names())
        indexes = {index["name"] for index in inspect(views.engine).get_indexes("analytics_users")}
        assert not NEW_TABLES & tables and "analytics_daily" in tables
        assert not {"analytics_users_last_seen", "analytics_users_cost_micros"} & indexes
    finally:
        views.close()
