"""The EventLog port over the event store's table: stored JSON decoded in batches, no aggregates built.

On SQLAlchemy it reads the events table with Core queries (fast enough for audits of millions of
events); on the in-memory POPO store it uses the recorder's notification API. `streams` can read one
part of the streams (a range of stream ids), and `reopener` opens the same log in another process, so
an audit can be shared out among processes.
"""

import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Connection, Engine, Table, func, select, type_coerce
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import NullType

from adapters.sql.database_url import redact
from adapters.sql.stored_json import StateDecoder
from application.errors import StoreUnavailable
from application.projection_model import LoggedEvent, StoredRow

STREAM_BATCH = 5000
SQLITE_MAP_BYTES = 1 << 40
"""SQLite maps at most this much of the file (it maps no more than the file holds)."""
ID_SPACE = 1 << 128


class EventStoreLog:
    def __init__(self, app: Application[UUID]) -> None:
        self.env = app.env
        self.mapper = app.mapper
        self.decoder = StateDecoder(app.mapper)
        self.recorder = app.recorder
        self.sql: tuple[Engine, Table] | None = None
        if isinstance(app.recorder, SQLAlchemyApplicationRecorder):
            engine = app.recorder.datastore.engine
            if not isinstance(engine, Engine):
                raise StoreUnavailable("the event store has no database engine")
            self.sql = (engine, app.recorder.events_record_cls.__table__)

    def read(self, after: int, limit: int) -> Sequence[LoggedEvent]:
        if self.sql is None:
            return [self._logged(n) for n in self._recorder().select_notifications(after + 1, limit)]
        engine, table = self.sql
        query = _columns(table).where(table.c.id > after).order_by(table.c.id).limit(limit)
        with _reading(engine) as connection:
            rows = connection.execute(query).tuples().all()
        decode, ids = self.decode, _StreamIds()
        return [
            LoggedEvent(n, ids.of(raw_id), v, topic, decode(state if type(state) is bytes else bytes(state)))
            for n, raw_id, v, topic, state in rows
        ]

    def last_position(self) -> int:
        if self.sql is None:
            return self._recorder().max_notification_id() or 0
        engine, table = self.sql
        with _reading(engine) as connection:
            return int(connection.execute(select(func.max(table.c.id))).scalar() or 0)

    def count(self, topics: Collection[str] = ()) -> int:
        if self.sql is None:
            return sum(1 for _ in self._all_notifications(topics))
        engine, table = self.sql
        query = select(func.count()).select_from(table)
        if topics:
            query = query.where(table.c.topic.in_(list(topics)))
        with _reading(engine) as connection:
            return int(connection.execute(query).scalar() or 0)

    def streams(self, topics: Collection[str], part: int = 0, parts: int = 1) -> Iterator[LoggedEvent]:
        """Every event of these topics, by stream and version; with `parts`, only the streams whose ids
        fall in the part-th of `parts` equal ranges of the id space (parts in order cover the log in order)."""
        decode = self.decode
        for n, stream_id, v, topic, state in self.stored_streams(topics, part, parts):
            yield LoggedEvent(n, stream_id, v, topic, decode(state))

    def stored_streams(self, topics: Collection[str], part: int = 0, parts: int = 1) -> Iterator[StoredRow]:
        """`streams` with each state as stored, not decoded: for readers that decode only what they need."""
        low, high = _id_range(part, parts)
        if self.sql is None:
            ordered = sorted(
                (n for n in self._all_notifications(topics) if low <= UUID(str(n.originator_id)).int < high),
                key=lambda n: (str(n.originator_id), n.originator_version),
            )
            for n in ordered:
                yield n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, bytes(n.state)
            return
        engine, table = self.sql
        query = _columns(table).where(table.c.topic.in_(list(topics)))
        if low > 0:
            query = query.where(table.c.originator_id >= UUID(int=low))
        if high < ID_SPACE:
            query = query.where(table.c.originator_id < UUID(int=high))
        query = query.order_by(table.c.originator_id, table.c.originator_version)
        yield from self._stored_rows(engine, query)

    def stored_range(self, after: int, up_to: int) -> Iterator[StoredRow]:
        """The events at positions after < position <= up_to, in order, states as stored."""
        if self.sql is None:
            while after < up_to and (batch := self._recorder().select_notifications(after + 1, 1000)):
                for n in batch:
                    if n.id <= up_to:
                        yield n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, bytes(n.state)
                after = batch[-1].id
            return
        engine, table = self.sql
        query = _columns(table).where(table.c.id > after, table.c.id <= up_to).order_by(table.c.id)
        yield from self._stored_rows(engine, query)

    def stream_starts(self, topics: Collection[str], up_to: int) -> Iterator[StoredRow]:
        """The first event of every stream begun by one of these topics, at positions up to up_to."""
        if self.sql is None:
            for n in self._all_notifications(topics):
                if n.id <= up_to and n.originator_version == 1:
                    yield n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, bytes(n.state)
            return
        engine, table = self.sql
        c = table.c
        query = _columns(table).where(c.originator_version == 1, c.topic.in_(list(topics)), c.id <= up_to)
        yield from self._stored_rows(engine, query)

    def usage_record_pattern(self) -> "re.Pattern[bytes] | None":
        """How a usage record's stored state reads without a JSON decoder (see adapters.sql.stored_usage)."""
        return self.decoder.usage

    @staticmethod
    def _stored_rows(engine: Engine, query: Any) -> Iterator[StoredRow]:
        ids = _StreamIds()
        with _reading(engine) as connection:
            if connection.dialect.name == "sqlite":
                # Read through a memory map: a scan in stream order visits the file's pages out of order,
                # and a read call per page visit costs more than the rest of the scan.
                connection.exec_driver_sql(f"PRAGMA mmap_size={SQLITE_MAP_BYTES}")
                result = connection.execute(query)
                # sqlite3 hands back these columns as stored (the raw id and the state as bytes), so the
                # rows come straight from its cursor, several times quicker than through the result.
                cursor = result.cursor
                try:
                    while batch := cursor.fetchmany(STREAM_BATCH):
                        for n, raw_id, v, topic, state in batch:
                            yield n, ids.of(raw_id), v, topic, state
                finally:
                    result.close()
                return
            rows = connection.execution_options(stream_results=True, yield_per=STREAM_BATCH).execute(query)
            for batch in rows.tuples().partitions(STREAM_BATCH):
                for n, raw_id, v, topic, state in batch:
                    yield n, ids.of(raw_id), v, topic, state if type(state) is bytes else bytes(state)

    def reopener(self) -> "EventLogOpener | None":
        """Opens this same log in another process; None when the store lives only in this process."""
        if self.sql is None:
            return None
        return EventLogOpener(dict(self.env))

    def decode(self, state: bytes) -> dict[str, Any]:
        return self.decoder(state)

    def _decoded(
        self, position: int, originator_id: Any, version: int, topic: str, state: bytes
    ) -> LoggedEvent:
        return LoggedEvent(position, _uuid(originator_id), version, topic, self.decode(bytes(state)))

    def _logged(self, n: Notification) -> LoggedEvent:
        return self._decoded(n.id, UUID(str(n.originator_id)), n.originator_version, n.topic, n.state)

    def _all_notifications(self, topics: Collection[str]) -> Iterator[Notification]:
        after = 0
        while batch := self._recorder().select_notifications(after + 1, 1000, topics=tuple(topics)):
            yield from batch
            after = batch[-1].id

    def _recorder(self) -> ApplicationRecorder:
        if not isinstance(self.recorder, ApplicationRecorder):
            raise StoreUnavailable("the event store keeps no notification log")
        return self.recorder


@dataclass(frozen=True)
class EventLogOpener:
    """What another process needs to open the same event log: the store's settings, nothing live."""

    env: dict[str, str]

    @contextmanager
    def __call__(self) -> Iterator[EventStoreLog]:
        from adapters.sql.event_store import EventStoreAggregates

        shown_as = redact(self.env.get("SQLALCHEMY_URL", ""))
        store = EventStoreAggregates({**self.env, "CREATE_TABLE": "n"}, shown_as)
        try:
            yield EventStoreLog(store.app)
        finally:
            store.close()


def _id_range(part: int, parts: int) -> tuple[int, int]:
    if not 0 <= part < parts:
        raise ValueError(f"part {part} is not one of {parts} parts")
    return part * ID_SPACE // parts, (part + 1) * ID_SPACE // parts


def _uuid(originator_id: Any) -> UUID:
    return originator_id if isinstance(originator_id, UUID) else UUID(bytes=bytes(originator_id))


class _StreamIds:
    """Stream ids as read, each made a UUID once per read (a stream's events come many to a read)."""

    def __init__(self) -> None:
        self.made: dict[Any, UUID] = {}

    def of(self, raw: Any) -> UUID:
        made = self.made.get(raw)
        if made is None:
            made = self.made[raw] = _uuid(raw)
        return made


@contextmanager
def _reading(engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as connection:
            yield connection
    except SQLAlchemyError as error:
        reason = (str(getattr(error, "orig", None) or error).strip().splitlines() or ["unknown error"])[0]
        raise StoreUnavailable(f"cannot read the event log: {reason}") from error


def _columns(table: Table) -> Any:
    c = table.c
    # The raw id (16 bytes on SQLite, a UUID from psycopg) skips sqlalchemy_utils' slow conversion.
    return select(c.id, type_coerce(c.originator_id, NullType()), c.originator_version, c.topic, c.state)
