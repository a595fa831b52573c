"""The Aggregates port over eventsourcing: an SQLite file or PostgreSQL through eventsourcing's own
persistence modules (ADR 20), or POPO in memory."""

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, PersistenceError
from eventsourcing.utils import Environment
from psycopg import Error as PsycopgError
from sqlalchemy import create_engine
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.database_url import redact, sqlalchemy_url, sqlite_path
from adapters.sql.group_commit import GroupCommit
from adapters.sql.store_settings import POSTGRES_WAIT_SECONDS, SQLITE_LOCK_SECONDS, store_env
from adapters.sql.thread_batches import ThreadBatches
from application.errors import ConcurrencyConflict, StoreUnavailable

A = TypeVar("A", bound=Aggregate)
T = TypeVar("T")

STORE_FAILURES = (PersistenceError, PsycopgError, SQLAlchemyError, sqlite3.Error, OSError)
"""Every way a store call can fail for want of the database: eventsourcing's own errors (it maps the
drivers' errors to them), and the drivers' and the operating system's should one reach us unmapped."""


class GptBot(Application[UUID]):
    """All aggregates in one application, so one notification log orders every event."""

    def construct_env(self, name: str, env: Mapping[str, str] | None = None) -> Environment:
        # Only what we pass in: the process environment must not reconfigure persistence.
        return Environment(name, dict(env or {}))


# SQLite takes one writer at a time, and the GIL keeps Python work serial: one thread is enough for it,
# and more only adds hand-overs. A database server answers several connections at once.
SQLITE_THREADS, SERVER_THREADS = 1, 4


class EventStoreAggregates:
    def __init__(self, env: dict[str, str], shown_as: str, threads: int = SERVER_THREADS) -> None:
        self.shown_as = shown_as
        try:
            self.app = GptBot(env)
        except STORE_FAILURES as error:
            raise StoreUnavailable(f"cannot open the event store at {shown_as}: {_reason(error)}") from error
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="event-store")
        self._batches = ThreadBatches(self._executor, threads)
        self._commits = GroupCommit(self._write, self._in_thread)

    @classmethod
    def in_memory(cls) -> "EventStoreAggregates":
        return cls({"PERSISTENCE_MODULE": "eventsourcing.popo"}, "memory")

    @classmethod
    def from_database_url(cls, database_url: str) -> "EventStoreAggregates":
        """The store on this database, its tables first brought to the newest migration (ADR 43)."""
        path = sqlite_path(database_url)
        if path is not None:
            _prepare_sqlite_file(path)
        try:
            _migrate(database_url)
        except SQLAlchemyError as error:
            raise StoreUnavailable(
                f"cannot open the event store at {redact(database_url)}: {_reason(error)}"
            ) from error
        threads = SQLITE_THREADS if path is not None else SERVER_THREADS
        return cls(store_env(database_url), redact(database_url), threads)

    async def get(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        return await self._in_thread(lambda: self._get(aggregate_id, kind))

    async def save(self, *aggregates: Aggregate) -> None:
        """Commits the aggregates' new events together (possibly with other saves made meanwhile)."""
        await self._commits.save([event for aggregate in aggregates for event in aggregate.collect_events()])

    async def _in_thread(self, work: Callable[[], T]) -> T:
        return await self._batches.run(work)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        self.app.close()

    def _get(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        try:
            aggregate: Any = self.app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        except STORE_FAILURES as error:
            raise StoreUnavailable(
                f"cannot read the event store at {self.shown_as}: {_reason(error)}"
            ) from error
        if not isinstance(aggregate, kind):
            raise TypeError(f"{aggregate_id} is a {type(aggregate).__name__}, not a {kind.__name__}")
        return aggregate

    def _write(self, events: Sequence[Any]) -> None:
        try:
            self.app.save(*events)
        except IntegrityError as error:
            raise ConcurrencyConflict(str(error)) from error
        except STORE_FAILURES as error:
            raise StoreUnavailable(
                f"cannot write to the event store at {self.shown_as}: {_reason(error)}"
            ) from error


def _migrate(database_url: str) -> None:
    from adapters.sql.event_tables.migrate import upgrade  # Alembic only where the store is opened

    engine = create_engine(sqlalchemy_url(database_url), connect_args=_lock_wait(database_url))
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def _lock_wait(database_url: str) -> dict[str, object]:
    """As long as the store's own calls wait: for another writer on SQLite, for a connection on PostgreSQL."""
    if sqlite_path(database_url) is not None:
        return {"timeout": SQLITE_LOCK_SECONDS}
    return {"connect_timeout": POSTGRES_WAIT_SECONDS}


def _prepare_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise StoreUnavailable(f"the database path {path} is a directory, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreUnavailable(f"cannot create the folder for {path}: {error.strerror}") from error
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as file:
            if file.read(16) != b"SQLite format 3\x00":
                raise StoreUnavailable(f"{path} exists but is not an SQLite database")


def _reason(error: BaseException) -> str:
    root: BaseException = error
    while root.__cause__ is not None:
        root = root.__cause__
    first_line = str(root).strip().splitlines()[0] if str(root).strip() else type(root).__name__
    return first_line
