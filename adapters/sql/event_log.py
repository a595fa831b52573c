"""The EventLog port over the event store's table: stored JSON decoded in batches, no aggregates built.

On SQLAlchemy it reads the events table with Core queries (fast enough for audits of millions of
events); on the in-memory POPO store it uses the recorder's notification API. `streams` can read one
part of the streams (a range of stream ids), and `reopener` opens the same log in another process, so
an audit can be shared out among processes.
"""

import json
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, JSONTranscoder, Notification, Transcoding
from eventsourcing_sqlalchemy.recorders import SQLAlchemyApplicationRecorder
from sqlalchemy import Connection, Engine, Table, func, select, type_coerce
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.types import NullType

from adapters.sql.database_url import redact
from application.errors import StoreUnavailable
from application.projection_model import LoggedEvent

STREAM_BATCH = 5000
ID_SPACE = 1 << 128


class EventStoreLog:
    def __init__(self, app: Application[UUID]) -> None:
        self.env = app.env
        self.mapper = app.mapper
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
            LoggedEvent(n, ids.of(raw_id), v, topic, decode(bytes(state)))
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
        low, high = _id_range(part, parts)
        if self.sql is None:
            ordered = sorted(
                (n for n in self._all_notifications(topics) if low <= UUID(str(n.originator_id)).int < high),
                key=lambda n: (str(n.originator_id), n.originator_version),
            )
            yield from (self._logged(n) for n in ordered)
            return
        engine, table = self.sql
        query = _columns(table).where(table.c.topic.in_(list(topics)))
        if low > 0:
            query = query.where(table.c.originator_id >= UUID(int=low))
        if high < ID_SPACE:
            query = query.where(table.c.originator_id < UUID(int=high))
        query = query.order_by(table.c.originator_id, table.c.originator_version)
        decode, ids = self.decode, _StreamIds()
        with _reading(engine) as connection:
            rows = connection.execution_options(stream_results=True, yield_per=STREAM_BATCH).execute(query)
            for batch in rows.tuples().partitions(STREAM_BATCH):
                for n, raw_id, v, topic, state in batch:
                    yield LoggedEvent(n, ids.of(raw_id), v, topic, decode(bytes(state)))

    def reopener(self) -> "EventLogOpener | None":
        """Opens this same log in another process; None when the store lives only in this process."""
        if self.sql is None:
            return None
        return EventLogOpener(dict(self.env))

    def decode(self, state: bytes) -> dict[str, Any]:
        if self.mapper.cipher:
            state = self.mapper.cipher.decrypt(state)
        if self.mapper.compressor:
            state = self.mapper.compressor.decompress(state)
        transcoder = self.mapper.transcoder
        if not isinstance(transcoder, JSONTranscoder):
            decoded: dict[str, Any] = transcoder.decode(state)
            return decoded
        # json.loads without an object hook, then reviving only the tagged values, is several times
        # faster than the transcoder's hook on every object, and audits read millions of these.
        return _revived_state(_loads(state), transcoder.names)

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
    """Stream ids as read, made UUIDs once per run of events of one stream (they come together)."""

    def __init__(self) -> None:
        self.raw: Any = None
        self.last = UUID(int=0)

    def of(self, raw: Any) -> UUID:
        if raw != self.raw:
            self.raw, self.last = raw, _uuid(raw)
        return self.last


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


_scan: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def _loads(state: bytes) -> Any:
    """json.loads, without its wrappers for the usual case of an object in UTF-8 and nothing after it."""
    if state[:2] == b'{"':
        text = state.decode("utf-8", "surrogatepass")
        try:
            value, end = _scan(text, 0)
        except (StopIteration, ValueError):
            end = -1
        if end == len(text):
            return value
    return json.loads(state)  # anything unusual, and every error, exactly as json.loads has it


def _revived_state(state: dict[str, Any], transcodings: Mapping[str, Transcoding]) -> dict[str, Any]:
    for key, value in state.items():
        kind = type(value)
        if kind is dict:
            if (
                len(value) == 2
                and "_data_" in value
                and type(value["_data_"]) not in (dict, list)
                and value.get("_type_") in transcodings
            ):  # the usual case, a tagged scalar such as a timestamp: decoded without the recursion
                state[key] = transcodings[value["_type_"]].decode(value["_data_"])
            else:
                state[key] = _revived(value, transcodings)
        elif kind is list:
            state[key] = _revived(value, transcodings)
    return state


def _revived(value: Any, transcodings: Mapping[str, Transcoding]) -> Any:
    """What the JSON transcoder's object hook makes of a value: tagged pairs decoded, inside out."""
    if isinstance(value, list):
        return [_revived(item, transcodings) for item in value]
    if not isinstance(value, dict):
        return value
    if len(value) == 2 and value.get("_type_") in transcodings and "_data_" in value:
        return transcodings[value["_type_"]].decode(_revived(value["_data_"], transcodings))
    return {key: _revived(item, transcodings) for key, item in value.items()}
