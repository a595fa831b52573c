"""Events kept by earlier releases, in eventsourcing_sqlalchemy's table, moved into the store's table.

Earlier releases kept the events in a table `gptbot_events` with an `id` column. The store now keeps
them through eventsourcing's own modules (ADR 20): in `stored_events` on SQLite, and in a
`gptbot_events` of its own layout on PostgreSQL. The event tables' first migration (ADR 43) sets such a
table aside as `gptbot_events_earlier` before it makes the store's table, writes its events into the
store's table in their original order, and renames it `gptbot_events_copied`, kept for the operator to
drop. A copy cut short leaves no event copied, and runs again at the next upgrade.
"""

from uuid import UUID

from sqlalchemy import Connection, inspect, text

EARLIER = "gptbot_events"
SET_ASIDE = "gptbot_events_earlier"
COPIED = "gptbot_events_copied"
BATCH = 10_000


def earlier_waiting(connection: Connection) -> bool:
    """An earlier release's table is there and its events are not copied yet."""
    return _has_earlier_layout(connection) or bool(_columns(connection, SET_ASIDE))


def set_earlier_table_aside(connection: Connection) -> None:
    if _has_earlier_layout(connection):
        connection.execute(text(f"ALTER TABLE {EARLIER} RENAME TO {SET_ASIDE}"))


def copy_earlier_events(connection: Connection, events_table: str) -> int:
    """The number of events copied into `events_table` (0 when there was no earlier table)."""
    if not _columns(connection, SET_ASIDE):
        return 0
    as_text = connection.dialect.name == "sqlite"  # eventsourcing.sqlite keeps an id as its 32 hex digits
    rows = connection.execute(
        text(f"SELECT originator_id, originator_version, topic, state FROM {SET_ASIDE} ORDER BY id")
    )
    insert = text(
        f"INSERT INTO {events_table} (originator_id, originator_version, topic, state) "
        "VALUES (:originator_id, :originator_version, :topic, :state)"
    )
    copied = 0
    for batch in rows.partitions(BATCH):
        values = [
            {
                "originator_id": _uuid(originator_id).hex if as_text else _uuid(originator_id),
                "originator_version": version,
                "topic": topic,
                "state": bytes(state),
            }
            for originator_id, version, topic, state in batch
        ]
        connection.execute(insert, values)
        copied += len(values)
    connection.execute(text(f"ALTER TABLE {SET_ASIDE} RENAME TO {COPIED}"))
    return copied


def _has_earlier_layout(connection: Connection) -> bool:
    columns = _columns(connection, EARLIER)
    return "id" in columns and "notification_id" not in columns


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
