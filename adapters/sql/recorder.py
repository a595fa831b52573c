"""eventsourcing_sqlalchemy's recorder, reading and writing an aggregate's events with Core statements.

Every message reads a few aggregates and saves one or two; the library's ORM path builds and tracks an
ORM object per row, which costs several times the SQL itself. The table, the transactions (and their
SQLite write lock), the notification log and the errors raised are the library's own.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing_sqlalchemy.datastore import SQLAlchemyDatastore
from eventsourcing_sqlalchemy.factory import SQLAlchemyFactory
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Select, bindparam, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session


class CoreSqlRecorder(SQLAlchemyApplicationRecorder):
    def select_events(
        self,
        originator_id: UUID | str,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> list[StoredEvent]:
        engine = self.datastore.engine
        if not isinstance(engine, Engine):  # a caller-managed session: the library's own path
            return super().select_events(originator_id, gt, lte, desc, limit)
        if self._driver_reads and lte is None and not desc and limit is None:
            return self._driver_events(engine, originator_id, gt)
        query, values = self._events_query(originator_id, gt, lte, desc, limit)
        with engine.connect() as connection:
            rows = connection.execute(query, values).all()
        return [
            StoredEvent(
                originator_id=row.originator_id,
                originator_version=row.originator_version,
                topic=row.topic,
                state=bytes(row.state) if isinstance(row.state, memoryview) else row.state,
            )
            for row in rows
        ]

    def _driver_events(self, engine: Engine, originator_id: UUID | str, gt: int | None) -> list[StoredEvent]:
        """The two reads every use case makes, through the database driver itself: SQLAlchemy's execution
        (its statement cache, bind and result processing) costs several times what SQLite takes to
        answer, and about as much as a round trip to PostgreSQL. The statements are the same compiled
        ones; the id is bound by its column type's own processor."""
        stream = originator_id if isinstance(originator_id, UUID) else UUID(originator_id)
        values = {"originator_id": self._bind_id(stream), "gt": gt}
        sql, names = self._driver_whole if gt is None else self._driver_after
        ordered = [values[name] for name in names]
        params: Any = tuple(ordered) if self._dialect.positional else dict(zip(names, ordered, strict=True))
        connection = engine.raw_connection()
        try:
            with self._alone(connection.driver_connection):
                cursor = connection.cursor()
                try:
                    cursor.execute(sql, params)
                    rows = cursor.fetchall()
                finally:
                    cursor.close()
        finally:
            connection.close()  # back to the pool, rolled back as SQLAlchemy does
        return [
            StoredEvent(
                originator_id=stream,
                originator_version=version,
                topic=topic,
                state=bytes(state) if isinstance(state, memoryview) else state,
            )
            for version, topic, state in rows
        ]

    @cached_property
    def _driver_reads(self) -> bool:
        """On an SQLite file and on PostgreSQL; an in-memory SQLite store keeps the library's own locking."""
        return bool(self.datastore.is_sqlite_filedb) or self._dialect.name == "postgresql"

    @contextmanager
    def _alone(self, driver: Any) -> Iterator[None]:
        """The read as a statement of its own. psycopg would open a transaction for it: BEGIN before
        the SELECT and the pool's ROLLBACK after it, two more round trips to the server for one query;
        in autocommit it sends the SELECT alone (the pool's rollback then has nothing to end). SQLite's
        driver opens no transaction for a read."""
        if self._dialect.name != "postgresql":
            yield
            return
        driver.autocommit = True
        try:
            yield
        finally:
            driver.autocommit = False  # as the pool hands connections out, for the writes' transactions

    @cached_property
    def _driver_whole(self) -> tuple[str, tuple[str, ...]]:
        return self._driver_text(self._whole_aggregate)

    @cached_property
    def _driver_after(self) -> tuple[str, tuple[str, ...]]:
        return self._driver_text(self._events_after)

    def _driver_text(self, query: Select[Any]) -> tuple[str, tuple[str, ...]]:
        """The statement's text for the driver, and the names of its parameters in order."""
        c = self._table.c
        compiled = query.with_only_columns(c.originator_version, c.topic, c.state).compile(
            dialect=self._dialect
        )
        names = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.params)
        if set(names) - {"originator_id", "gt"}:
            raise RuntimeError(f"unexpected parameters in {compiled}")
        return str(compiled), names

    @cached_property
    def _dialect(self) -> Any:
        engine = self.datastore.engine
        assert engine is not None
        return engine.dialect

    @cached_property
    def _bind_id(self) -> Any:
        id_type = self._table.c.originator_id.type.dialect_impl(self._dialect)
        process = id_type.bind_processor(self._dialect)
        return process if process is not None else (lambda value: value)

    def _insert_stored_events(
        self, session: Session, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int]:
        if self._has_autoincrementing_ids:
            self._lock_table(session)
        rows = [
            {
                "originator_id": event.originator_id,
                "originator_version": event.originator_version,
                "topic": event.topic,
                "state": event.state,
            }
            for event in stored_events
        ]
        ids = list(session.execute(self._insert, rows).scalars())
        self._notify_channel(session)
        return ids

    def _events_query(
        self, originator_id: UUID | str, gt: int | None, lte: int | None, desc: bool, limit: int | None
    ) -> tuple[Select[Any], dict[str, Any]]:
        values: dict[str, Any] = {"originator_id": originator_id}
        if lte is None and not desc and limit is None:
            # The two reads every use case makes (a whole aggregate; the events after a cached copy) are
            # built once: SQLAlchemy then finds their compiled form without working out a cache key.
            if gt is None:
                return self._whole_aggregate, values
            return self._events_after, values | {"gt": gt}
        table, version = self._table, self._table.c.originator_version
        query = select(*self._columns).where(table.c.originator_id == originator_id)
        if gt is not None:
            query = query.where(version > gt)
        if lte is not None:
            query = query.where(version <= lte)
        query = query.order_by(version.desc() if desc else version)
        return (query.limit(limit) if limit is not None else query), {}

    @cached_property
    def _table(self) -> Any:
        return self.events_record_cls.__table__

    @cached_property
    def _columns(self) -> tuple[Any, ...]:
        c = self._table.c
        return c.originator_id, c.originator_version, c.topic, c.state

    @cached_property
    def _insert(self) -> Any:
        return insert(self._table).returning(self._table.c.id, sort_by_parameter_order=True)

    @cached_property
    def _whole_aggregate(self) -> Select[Any]:
        c = self._table.c
        return (
            select(*self._columns)
            .where(c.originator_id == bindparam("originator_id"))
            .order_by(c.originator_version)
        )

    @cached_property
    def _events_after(self) -> Select[Any]:
        c = self._table.c
        return self._whole_aggregate.where(c.originator_version > bindparam("gt"))


# Connections kept open to a database server. The store's threads (event_store.SERVER_THREADS) each
# hold one while they work; a checkout beyond the pool opens a new connection and closes it after,
# which costs more than the query.
SERVER_POOL_SIZE = 10


class PooledDatastore(SQLAlchemyDatastore):
    """The library's datastore, keeping enough server connections open for the store's threads."""

    def __init__(self, *, url: str | None = None, **engine_kwargs: Any) -> None:
        if url and not url.startswith("sqlite"):
            engine_kwargs.setdefault("pool_size", SERVER_POOL_SIZE)
        super().__init__(url=url, **engine_kwargs)


class CoreSqlFactory(SQLAlchemyFactory):
    """PERSISTENCE_MODULE for the bot's store: the library's factory with the Core recorder."""

    datastore_class = PooledDatastore
    application_recorder_class = CoreSqlRecorder
