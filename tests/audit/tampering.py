"""Editing or deleting a stored usage record behind the application's back, as an intruder would.

eventsourcing.sqlite keeps the events in `stored_events`, its rowid being the notification id;
eventsourcing.postgres keeps them in `gptbot_events`, with a `notification_id` column.
"""

import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import psycopg

from adapters.sql.database_url import sqlite_path
from application.projection.topics import LEDGER_OPENED, USAGE_RECORDED


@contextmanager
def _events_table(database_url: str) -> Iterator[tuple[Any, str, str, str]]:
    """A connection in a transaction, the events table, its position column and the placeholder."""
    path = sqlite_path(database_url)
    if path is not None:
        with closing(sqlite3.connect(path)) as db, db:
            yield db, "stored_events", "rowid", "?"
        return
    with psycopg.connect(database_url) as db:
        yield db, "gptbot_events", "notification_id", "%s"


def _find(
    db: Any, table: str, position: str, mark: str, topic: str, **wanted: Any
) -> tuple[int, dict[str, Any]]:
    rows = db.execute(f"SELECT {position}, state FROM {table} WHERE topic = {mark}", (topic,)).fetchall()
    for at, state in rows:
        decoded = json.loads(bytes(state))
        if all(decoded.get(name) == value for name, value in wanted.items()):
            return at, decoded
    raise LookupError(wanted)


def alter_record(database_url: str, request_id: str, **changes: Any) -> None:
    with _events_table(database_url) as (db, table, position, mark):
        at, state = _find(db, table, position, mark, USAGE_RECORDED, request_id=request_id)
        state.update(changes)
        encoded = json.dumps(state, separators=(",", ":")).encode()
        db.execute(f"UPDATE {table} SET state = {mark} WHERE {position} = {mark}", (encoded, at))


def delete_record(database_url: str, request_id: str) -> None:
    with _events_table(database_url) as (db, table, position, mark):
        at, _ = _find(db, table, position, mark, USAGE_RECORDED, request_id=request_id)
        db.execute(f"DELETE FROM {table} WHERE {position} = {mark}", (at,))


def delete_opening(database_url: str, user_id: int) -> None:
    """Remove the event that opened the user's ledger, leaving its records."""
    with _events_table(database_url) as (db, table, position, mark):
        at, _ = _find(db, table, position, mark, LEDGER_OPENED, user_id=user_id)
        db.execute(f"DELETE FROM {table} WHERE {position} = {mark}", (at,))


def drop_from_every_record(database_url: str, name: str) -> int:
    """Remove a field from every stored usage record, as records were stored before the bot wrote it;
    the number of records changed."""
    with _events_table(database_url) as (db, table, position, mark):
        rows = db.execute(f"SELECT {position}, state FROM {table} WHERE topic = {mark}", (USAGE_RECORDED,))
        changed = 0
        for at, state in rows.fetchall():
            decoded = json.loads(bytes(state))
            if decoded.pop(name, None) is not None:
                encoded = json.dumps(decoded, separators=(",", ":")).encode()
                db.execute(f"UPDATE {table} SET state = {mark} WHERE {position} = {mark}", (encoded, at))
                changed += 1
        return changed


def garble_record(database_url: str, request_id: str) -> None:
    """Overwrite a record's stored state with bytes that are not an event at all."""
    with _events_table(database_url) as (db, table, position, mark):
        at, _ = _find(db, table, position, mark, USAGE_RECORDED, request_id=request_id)
        db.execute(f"UPDATE {table} SET state = {mark} WHERE {position} = {mark}", (b"\xff not an event", at))
