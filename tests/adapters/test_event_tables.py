"""The event tables' migration makes the tables eventsourcing's own CREATE_TABLE makes, on SQLite and on
PostgreSQL, and the store then opens them with CREATE_TABLE off (ADR 43)."""

from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.types.composite import CompositeInfo
from sqlalchemy import create_engine, inspect, text

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_store import EventStoreAggregates, GptBot
from adapters.sql.event_tables.migrate import EVENTS_TABLES, VERSION_TABLE
from adapters.sql.store_settings import store_env
from tests.support.postgres import PostgresCluster
from tests.support.stores import sqlite_url


def made_by_eventsourcing(database_url: str) -> None:
    """The tables as the library's recorder makes them, as the releases before this one opened the store."""
    GptBot({**store_env(database_url), "CREATE_TABLE": "y"}).close()


def made_by_the_migration(database_url: str) -> None:
    EventStoreAggregates.from_database_url(database_url).close()


def schema(database_url: str) -> dict[str, Any]:
    """Every table but Alembic's version table: columns, primary key and indexes, as the inspector reads them."""
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            return {
                table: {
                    "columns": [
                        (c["name"], str(c["type"]), c["nullable"], c.get("default"), c.get("autoincrement"))
                        for c in inspector.get_columns(table)
                    ],
                    "primary key": inspector.get_pk_constraint(table),
                    "indexes": sorted(
                        (i["name"] or "", tuple(i["column_names"]), i["unique"])
                        for i in inspector.get_indexes(table)
                    ),
                    "unique": inspector.get_unique_constraints(table),
                    "options": _storage_options(connection, table),
                }
                for table in inspector.get_table_names()
                if table != VERSION_TABLE
            }
    finally:
        engine.dispose()


def _storage_options(connection: Any, table: str) -> Any:
    if connection.dialect.name != "postgresql":
        return None
    return connection.execute(
        text("SELECT reloptions FROM pg_class WHERE relname = :t"), {"t": table}
    ).scalar()


def composite_type(database_url: str) -> tuple[list[str], list[int]] | None:
    """The row type eventsourcing.postgres inserts events through."""
    with psycopg.connect(database_url) as connection:
        info = CompositeInfo.fetch(connection, "public.stored_event_uuid")
    return None if info is None else (info.field_names, info.field_types)


def test_sqlite_tables_from_the_migration_are_the_ones_eventsourcing_makes(tmp_path: Path) -> None:
    by_library, by_migration = sqlite_url(tmp_path / "library"), sqlite_url(tmp_path / "migration")
    (tmp_path / "library").mkdir()

    made_by_eventsourcing(by_library)
    made_by_the_migration(by_migration)

    library = schema(by_library)
    assert set(library) == {EVENTS_TABLES["sqlite"]}
    assert schema(by_migration) == library


@pytest.mark.postgres
def test_postgres_tables_and_row_type_from_the_migration_are_the_ones_eventsourcing_makes(
    postgres_cluster: PostgresCluster,
) -> None:
    by_library, by_migration = postgres_cluster.create_database(), postgres_cluster.create_database()
    try:
        made_by_eventsourcing(by_library)
        made_by_the_migration(by_migration)

        library = schema(by_library)
        assert set(library) == {EVENTS_TABLES["postgresql"]}
        assert schema(by_migration) == library
        assert composite_type(by_library) is not None
        assert composite_type(by_migration) == composite_type(by_library)
    finally:
        postgres_cluster.drop_database(by_library)
        postgres_cluster.drop_database(by_migration)


def test_the_store_opens_its_tables_with_create_table_off(durable_store_url: str) -> None:
    GptBot(store_env(durable_store_url)).close()  # as the store opens it, without the migration first

    assert schema(durable_store_url) == {}
