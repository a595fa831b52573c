"""The views replaced in one transaction: emptied, filled with plain multi-row inserts, indexes built
after the rows (building an index once is several times quicker than keeping it up to date row by row).

Rows go to the driver's executemany as they are, each value through the column type's own bind
processor, so they are stored exactly as the ORM-level inserts of the batch-by-batch projection store them.
"""

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, DateTime, Dialect, Engine, Table, insert, update

from adapters.sql.views import tables as t
from adapters.sql.views.rows import connected
from application.projection_model import PlainSums, StreamOwner, TimelineRow

SQLITE_CACHE_KIB = 256 * 1024


class SqlViewsWriter:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, owners: Mapping[UUID, StreamOwner], timeline: Sequence[TimelineRow]) -> None:
        stream_rows = ((stream_id, o.user_id, o.kind.value) for stream_id, o in owners.items())
        _insert_rows(self.connection, t.streams, ("stream_id", "user_id", "kind"), stream_rows)
        names = ("position", "user_id", "kind", "at", "text")
        if self.connection.dialect.name == "sqlite":
            stored = [(p, u, kind, sqlite_text_of_row_time(at), text) for p, u, kind, at, text in timeline]
            _insert_rows(self.connection, t.timeline, names, stored, ready={"at"})
        else:
            rows = ((p, u, kind, datetime.fromisoformat(at), text) for p, u, kind, at, text in timeline)
            _insert_rows(self.connection, t.timeline, names, rows)

    def add_sums(self, sums: PlainSums) -> None:
        # The sums' tuples are in UsageCounts' field order, which is COUNTERS' order.
        counters = t.COUNTERS
        if self.connection.dialect.name == "sqlite":
            stored = [(u, sqlite_date_text(d), *counts) for (u, d), counts in sums.daily.items()]
            _insert_rows(self.connection, t.daily, ("user_id", "day", *counters), stored, ready={"day"})
        else:
            rows = ((u, d, *counts) for (u, d), counts in sums.daily.items())
            _insert_rows(self.connection, t.daily, ("user_id", "day", *counters), rows)
        models = ((m, *counts) for m, counts in sums.models.items())
        _insert_rows(self.connection, t.models, ("model", *counters), models)
        seen = sums.seen
        users = (
            (u, *counts, seen[u][0].astimezone(UTC), seen[u][1].astimezone(UTC))
            for u, counts in sums.users.items()
        )
        _insert_rows(self.connection, t.users, ("user_id", *counters, "first_seen", "last_seen"), users)


@contextmanager
def rebuilding(engine: Engine, shown_as: str, position: int) -> Iterator[SqlViewsWriter]:
    """A transaction in which the views are emptied and refilled, and left at `position`."""
    with connected(engine, shown_as, write=True) as connection:
        if connection.dialect.name == "sqlite":
            # The indexes are built at the end from rows already in the page cache.
            connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        connection.execute(
            update(t.position).where(t.position.c.name == t.TRACKING_NAME).values(position=position)
        )
        indexes = [index for table in t.VIEW_TABLES for index in table.indexes]
        for table in t.VIEW_TABLES:
            connection.execute(table.delete())
        for index in indexes:
            index.drop(connection)
        yield SqlViewsWriter(connection)
        for index in indexes:
            index.create(connection)


def _insert_rows(
    connection: Connection,
    table: Table,
    names: tuple[str, ...],
    rows: Iterable[Sequence[Any]],
    ready: Collection[str] = (),
) -> None:
    """Insert the rows; the columns named in `ready` already hold what the database stores."""
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=list(names))
    converted = [
        (n, process)
        for n, name in enumerate(names)
        if name not in ready and (process := _binder(table, name, dialect))
    ]
    if converted:
        rows = (_converted(row, converted) for row in rows)
    if compiled.positional:
        order = [names.index(name) for name in compiled.positiontup or ()]
        if order == list(range(len(names))):
            params: list[Any] = [tuple(row) for row in rows]
        else:
            params = [tuple(row[i] for i in order) for row in rows]
    else:
        params = [dict(zip(names, row, strict=True)) for row in rows]
    if params:
        connection.exec_driver_sql(str(compiled), params)


Process = Callable[[Any], Any]


def _converted(row: Sequence[Any], converted: list[tuple[int, Process]]) -> list[Any]:
    values = list(row)
    for n, process in converted:
        values[n] = process(values[n])
    return values


def _binder(table: Table, name: str, dialect: Dialect) -> Process | None:
    """The column type's own bind processor; for SQLite's DATETIME the same text, formatted in C."""
    column_type = table.c[name].type
    if dialect.name == "sqlite" and isinstance(column_type, DateTime):
        return sqlite_datetime_text
    processor: Process | None = column_type.dialect_impl(dialect).bind_processor(dialect)
    return processor


def sqlite_date_text(day: date) -> str:
    """What SQLAlchemy's SQLite DATE stores: 'YYYY-MM-DD', formatted in C."""
    return day.isoformat()


def sqlite_text_of_row_time(text: str) -> str:
    """sqlite_datetime_text of a timeline row's time (a UTC time as `isoformat(" ", "microseconds")`
    writes it): its first 26 characters, without parsing it again."""
    return text[:26]


def sqlite_datetime_text(value: datetime) -> str:
    """What SQLAlchemy's SQLite DATETIME stores: 'YYYY-MM-DD HH:MM:SS.ffffff' of the value as given."""
    return value.replace(tzinfo=None).isoformat(" ", "microseconds")
