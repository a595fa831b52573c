"""Turning view rows into the application's types and back; SQLite drops time zones, so UTC is implied."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.views.tables import COUNTERS
from application.errors import StoreUnavailable
from application.views import UsageCounts


def counts_of(row: Mapping[Any, Any]) -> UsageCounts:
    return UsageCounts(**{name: int(row[name] or 0) for name in COUNTERS})


def utc(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


@contextmanager
def connected(engine: Engine, shown_as: str, write: bool = False) -> Iterator[Connection]:
    """A connection (in a transaction when writing) whose database errors become StoreUnavailable."""
    try:
        with engine.begin() if write else engine.connect() as connection:
            yield connection
    except SQLAlchemyError as error:
        reason = (str(getattr(error, "orig", None) or error).strip().splitlines() or ["unknown error"])[0]
        raise StoreUnavailable(f"cannot use the analytics views at {shown_as}: {reason}") from error
