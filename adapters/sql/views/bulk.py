"""Many view rows written in one statement: handed to the driver's executemany as tuples, each column
through its type's own bind processor, so the rows are stored exactly as SQLAlchemy's own inserts
store them, without SQLAlchemy building and processing a parameter dictionary per row (a rebuild
writes a timeline row for nearly every event of the log)."""

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Date, DateTime, Dialect, Insert, Table, func, insert
from sqlalchemy.dialects import postgresql, sqlite

from adapters.sql.views.tables import COUNTERS

Process = Callable[[Any], Any]
SEEN = {"first_seen": ("min", "least"), "last_seen": ("max", "greatest")}
"""How a user's first and last seen are kept: the earlier and the later of the stored and the new time
(SQLite's two-argument min and max; PostgreSQL's least and greatest)."""


def insert_rows(
    connection: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert the rows, each a sequence of values in the order of `names`."""
    _execute_many(connection, table, insert(table), names, rows)


def add_rows(
    connection: Connection,
    table: Table,
    keys: Sequence[str],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Insert each row, or add its counters to the stored row with the same key (and keep the earlier
    first seen and the later last seen)."""
    upsert = _upsert(connection, table)
    excluded = upsert.excluded
    added: dict[str, Any] = {name: table.c[name] + excluded[name] for name in names if name in COUNTERS}
    for name in SEEN.keys() & set(names):
        earlier_or_later = SEEN[name][connection.dialect.name == "postgresql"]
        added[name] = getattr(func, earlier_or_later)(table.c[name], excluded[name])
    statement = upsert.on_conflict_do_update(index_elements=[table.c[k] for k in keys], set_=added)
    _execute_many(connection, table, statement, names, rows)


def upsert_rows(
    connection: Connection,
    table: Table,
    keys: Sequence[str],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    added: Sequence[str] = (),
    replaced: Sequence[str] = (),
) -> None:
    """Insert each row, or update the stored row with the same key: add the new row's `added` columns
    to the stored ones and set its `replaced` columns; the others keep their stored values."""
    upsert = _upsert(connection, table)
    excluded = upsert.excluded
    changed: dict[str, Any] = {name: table.c[name] + excluded[name] for name in added}
    changed.update((name, excluded[name]) for name in replaced)
    statement = upsert.on_conflict_do_update(index_elements=[table.c[k] for k in keys], set_=changed)
    _execute_many(connection, table, statement, names, rows)


def _upsert(connection: Connection, table: Table) -> Any:
    """The dialect's INSERT with ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
    return (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(table)


def _execute_many(
    connection: Connection,
    table: Table,
    statement: Insert,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    if not rows:
        return
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    processors = [_binder(table.c[name], dialect) for name in names]
    if any(processors):
        columns = zip(*rows, strict=True)
        converted = [
            list(map(p, column)) if p else column for p, column in zip(processors, columns, strict=True)
        ]
        rows = list(zip(*converted, strict=True))
    params: list[Any]
    if compiled.positional:
        order = [names.index(name) for name in compiled.positiontup or ()]
        params = list(rows) if order == list(range(len(names))) else [[r[i] for i in order] for r in rows]
    else:
        params = [dict(zip(names, row, strict=True)) for row in rows]
    connection.exec_driver_sql(str(compiled), params)


def _binder(column: Column[Any], dialect: Dialect) -> Process | None:
    """The column type's own bind processor; for SQLite's DATETIME and DATE the same text, formatted
    in C."""
    if dialect.name == "sqlite" and isinstance(column.type, DateTime):
        return _keeping_none(sqlite_utc_text) if column.nullable else sqlite_utc_text
    if dialect.name == "sqlite" and isinstance(column.type, Date):
        return _keeping_none(date.isoformat) if column.nullable else date.isoformat
    processor: Process | None = column.type.dialect_impl(dialect).bind_processor(dialect)
    return processor


def _keeping_none(process: Process) -> Process:
    """The processor for a nullable column: NULL stays NULL."""
    return lambda value: None if value is None else process(value)


def sqlite_utc_text(value: datetime) -> str:
    """What SQLAlchemy's SQLite DATETIME stores for the value in UTC: 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
