"""Events kept by earlier releases, in eventsourcing_sqlalchemy's table, moved into the store's table.

Earlier releases kept the events in a table `gptbot_events` with an `id` column. The store now keeps
them through eventsourcing's own modules (ADR 20): in `stored_events` on SQLite, and in a
`gptbot_events` of its own layout on PostgreSQL. Before the store opens, such a table is set aside
as `gptbot_events_earlier`; once the store is open, its events are written into the store in their
original order, in one transaction (a copy cut short leaves nothing, and runs again at the next start),
and the table is renamed `gptbot_events_copied`, kept for the operator to drop.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from sqlalchemy import Connection, create_engine, inspect, text

from adapters.sql.database_url import sqlalchemy_url

EARLIER = "gptbot_events"
SET_ASIDE = "gptbot_events_earlier"
COPIED = "gptbot_events_copied"


def set_earlier_table_aside(database_url: str) -> None:
    with _connected(database_url) as connection:
        columns = _columns(connection, EARLIER)
        if "id" in columns and "notification_id" not in columns:
            connection.execute(text(f"ALTER TABLE {EARLIER} RENAME TO {SET_ASIDE}"))


def copy_earlier_events(database_url: str, recorder: ApplicationRecorder) -> int:
    """The number of events copied (0 when there was no earlier table)."""
    with _connected(database_url) as connection:
        if not _columns(connection, SET_ASIDE):
            return 0
        rows = connection.execute(
            text(f"SELECT originator_id, originator_version, topic, state FROM {SET_ASIDE} ORDER BY id")
        )
        events = [
            StoredEvent(_uuid(originator_id), version, topic, bytes(state))
            for originator_id, version, topic, state in rows
        ]
        if events:
            recorder.insert_events(events)
        connection.execute(text(f"ALTER TABLE {SET_ASIDE} RENAME TO {COPIED}"))
        return len(events)


@contextmanager
def _connected(database_url: str) -> Iterator[Connection]:
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.begin() as connection:
            yield connection
    finally:
        engine.dispose()


def _columns(connection: Connection, table: str) -> set[str]:
    inspector = inspect(connection)
    if not inspector.has_table(table):
        return set()
    return {column["name"] for column in inspector.get_columns(table)}


def _uuid(originator_id: object) -> UUID:
    """eventsourcing_sqlalchemy kept ids as 16 bytes on SQLite and as uuid on PostgreSQL."""
    if isinstance(originator_id, UUID):
        return originator_id
    if isinstance(originator_id, bytes | memoryview):
        return UUID(bytes=bytes(originator_id))
    return UUID(str(originator_id))
