"""Editing or deleting a stored usage record behind the application's back, as an intruder would."""

import json
from typing import Any

from sqlalchemy import create_engine, text

from adapters.sql.database_url import sqlalchemy_url
from application.projection_topics import USAGE_RECORDED


def _find(connection: Any, request_id: str) -> tuple[int, dict[str, Any]]:
    rows = connection.execute(
        text("SELECT id, state FROM gptbot_events WHERE topic = :t"), {"t": USAGE_RECORDED}
    )
    for position, state in rows:
        decoded = json.loads(bytes(state))
        if decoded["request_id"] == request_id:
            return position, decoded
    raise LookupError(request_id)


def alter_record(database_url: str, request_id: str, **changes: Any) -> None:
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.begin() as connection:
            position, state = _find(connection, request_id)
            state.update(changes)
            encoded = json.dumps(state, separators=(",", ":")).encode()
            connection.execute(
                text("UPDATE gptbot_events SET state = :s WHERE id = :i"), {"s": encoded, "i": position}
            )
    finally:
        engine.dispose()


def delete_record(database_url: str, request_id: str) -> None:
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.begin() as connection:
            position, _ = _find(connection, request_id)
            connection.execute(text("DELETE FROM gptbot_events WHERE id = :i"), {"i": position})
    finally:
        engine.dispose()
