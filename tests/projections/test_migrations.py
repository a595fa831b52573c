"""The view schema is managed by the Alembic migrations shipped in the package."""

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.migrate import VERSION_TABLE, alembic_config, is_current
from adapters.sql.views.store import SqlAnalyticsViews
from adapters.sql.views.tables import metadata


def analytics_differences(views: SqlAnalyticsViews) -> list[Any]:
    with views.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    # The event store's own tables and Alembic's version table are not described by the view metadata.
    described = {table.name for table in metadata.sorted_tables}
    return [d for d in differences if not (d[0] == "remove_table" and d[1].name not in described)]


def test_opening_the_views_migrates_a_fresh_database_to_the_tables_the_queries_use(
    durable_store_url: str,
) -> None:
    views = SqlAnalyticsViews.open(durable_store_url)
    try:
        assert is_current(views.engine)
        assert analytics_differences(views) == []
    finally:
        views.close()


def test_opening_again_beside_the_event_store_keeps_the_views_and_their_position(
    durable_store_url: str,
) -> None:
    store = EventStoreAggregates.from_database_url(durable_store_url)
    first = SqlAnalyticsViews.open(durable_store_url)
    first.reset()
    with first.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE analytics_position SET position = 41")
    first.close()

    again = SqlAnalyticsViews.open(durable_store_url)
    try:
        assert again.position() == 41
        tables = set(inspect(again.engine).get_table_names())
        assert {"gptbot_events", VERSION_TABLE, "analytics_daily", "analytics_timeline"} <= tables
    finally:
        again.close()
        store.close()


def test_the_migrations_downgrade_to_an_empty_schema(durable_store_url: str) -> None:
    views = SqlAnalyticsViews.open(durable_store_url)
    config = alembic_config()
    try:
        with views.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "base")
        assert not [
            t
            for t in inspect(views.engine).get_table_names()
            if t.startswith("analytics_") and t != VERSION_TABLE
        ]
    finally:
        views.close()
