"""The event store's settings for eventsourcing's own persistence modules, from DATABASE_URL.

An SQLite file is kept by `eventsourcing.sqlite`, PostgreSQL by `eventsourcing.postgres`: both talk
to the database driver directly (ADR 20).
"""

from adapters.sql.database_url import parsed

CACHED_AGGREGATES = 1000
"""Aggregates read recently are kept in memory (least recently used out first). A cached aggregate is
brought up to date with the events stored after it on every read ("fast-forward"), so writes by other
processes are seen, and a copy is handed out, so an unsaved change never reaches the cache."""
SQLITE_LOCK_SECONDS = 30
"""How long a write waits for another process's write on the same file."""
POSTGRES_WAIT_SECONDS = 5
"""How long a store call waits for a connection: when the server is down, the caller hears of it
after this long instead of hanging."""
POSTGRES_POOL_SIZE = 10
"""Connections kept open; the store's threads each hold one while they work."""

CACHE = {"AGGREGATE_CACHE_MAXSIZE": str(CACHED_AGGREGATES), "AGGREGATE_CACHE_FASTFORWARD": "y"}
TABLES_MIGRATED = {"CREATE_TABLE": "n"}
"""The tables are Alembic's to make (ADR 43): eventsourcing opens them and creates none."""


def store_env(database_url: str) -> dict[str, str]:
    url = parsed(database_url)
    if url.get_backend_name() == "sqlite":
        return {
            **CACHE,
            **TABLES_MIGRATED,
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(url.database),
            "SQLITE_LOCK_TIMEOUT": str(SQLITE_LOCK_SECONDS),
        }
    return {
        **CACHE,
        **TABLES_MIGRATED,
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": url.database or "postgres",
        "POSTGRES_HOST": url.host or "localhost",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": url.username or "postgres",
        "POSTGRES_PASSWORD": url.password if isinstance(url.password, str) else "",
        "POSTGRES_CONNECT_TIMEOUT": str(POSTGRES_WAIT_SECONDS),
        "POSTGRES_POOL_SIZE": str(POSTGRES_POOL_SIZE),
        "POSTGRES_MAX_OVERFLOW": "0",
    }
