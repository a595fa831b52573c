"""The view schema is managed by the Alembic migrations shipped in the package."""

from datetime import UTC, datetime
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from adapters.sql.database_url import sqlalchemy_url, sqlite_path
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.migrate import VERSION_TABLE, alembic_config, is_current
from adapters.sql.views.store import SqlAnalyticsViews
from adapters.sql.views.tables import metadata
from application.projection import ViewChanges
from application.views import Seen, UsageCounts

NOON = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


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
    counts = UsageCounts(requests=1, cost_micros=250)
    first.apply(ViewChanges(0, 41, users={7: counts}, seen={7: Seen(NOON, NOON)}))
    first.close()

    again = SqlAnalyticsViews.open(durable_store_url)
    try:
        assert again.position() == 41
        user = again.user(7)
        assert user is not None and user.counts == counts
        events_table = "stored_events" if sqlite_path(durable_store_url) else "gptbot_events"
        tables = set(inspect(again.engine).get_table_names())
        assert {events_table, VERSION_TABLE, "analytics_daily", "analytics_tracking"} <= tables
    finally:
        again.close()
        store.close()


def test_views_of_the_earlier_store_are_emptied_and_start_again_from_position_zero(
    durable_store_url: str,
) -> None:
    engine = create_engine(sqlalchemy_url(durable_store_url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0001")
            connection.execute(text("UPDATE analytics_position SET position = 41"))
            connection.execute(
                text(
                    "INSERT INTO analytics_timeline (position, user_id, kind, at, text) "
                    "VALUES (41, 7, 'registered', :at, NULL)"
                ),
                {"at": NOON},
            )
    finally:
        engine.dispose()

    views = SqlAnalyticsViews.open(durable_store_url)
    try:
        assert views.position() == 0
        assert views.timeline(7, 10) == []
        assert "analytics_position" not in inspect(views.engine).get_table_names()
        assert analytics_differences(views) == []
    finally:
        views.close()


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
