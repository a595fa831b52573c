"""The UpdateGuard port in the database, for a bot without Redis: an update taken is a row keyed by its id,
so it is recognised after a restart, and by every worker on the same PostgreSQL. This process's memory
answers first; when the database cannot be reached, it alone answers (logged once per outage)."""

import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, update
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from adapters.memory.update_guard import DEFAULT_TTL_SECONDS, InMemoryUpdateGuard
from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.outage import DatabaseOutage
from adapters.sql.thread_batches import ThreadBatches
from adapters.sql.views import tables as t
from adapters.sql.views.store import SqlAnalyticsViews
from adapters.system_clock import SystemClock
from application.ports import Clock

log = logging.getLogger(__name__)

PRUNE_EVERY = timedelta(hours=1)
"""How often the rows older than the window are deleted: now and then, not on every update."""
WAIT_SECONDS = 5
"""How long a check waits for the database (SQLite's lock, PostgreSQL's connection) before the update is
let through on this process's memory alone."""
THREADS = 2
CONSEQUENCE = "recognising redelivered updates in this process only"


class SqlUpdateGuard:
    def __init__(
        self,
        engine: Engine,
        clock: Clock | None = None,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        local: InMemoryUpdateGuard | None = None,
        outage: DatabaseOutage | None = None,
    ) -> None:
        self.engine, self.clock = engine, clock or SystemClock()
        self.window = timedelta(seconds=ttl_seconds)
        self.local = local if local is not None else InMemoryUpdateGuard(ttl_seconds=ttl_seconds)
        self.outage = outage if outage is not None else DatabaseOutage(log, CONSEQUENCE)
        self.executor = ThreadPoolExecutor(THREADS, thread_name_prefix="update-guard")
        self.batches = ThreadBatches(self.executor, THREADS)
        self.next_prune: datetime | None = None

    @classmethod
    def open(cls, database_url: str, clock: Clock | None = None) -> "SqlUpdateGuard":
        """A guard on a database whose views' migrations have run (revision 0003 makes its table)."""
        return cls.on(make_url(sqlalchemy_url(database_url)), clock)

    @classmethod
    def beside(cls, views: SqlAnalyticsViews, clock: Clock | None = None) -> "SqlUpdateGuard":
        """A guard on the views' database, with connections of its own that wait less."""
        return cls.on(views.engine.url, clock)

    @classmethod
    def on(cls, url: URL, clock: Clock | None) -> "SqlUpdateGuard":
        sqlite = url.get_backend_name() == "sqlite"
        # PostgreSQL's commits of the guard do not wait for the disk either: see below.
        connect_args: dict[str, object] = (
            {"timeout": WAIT_SECONDS}
            if sqlite
            else {"connect_timeout": WAIT_SECONDS, "options": "-c synchronous_commit=off"}
        )
        engine = create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        if sqlite:
            event.listen(engine, "connect", _commit_without_waiting_for_the_disk)
        return cls(engine, clock)

    def close(self) -> None:
        self.executor.shutdown(wait=True)
        self.engine.dispose()

    async def first_time(self, update_id: int) -> bool:
        # Memory first, and always written: a repeat costs no round trip, and an update seen during an
        # outage is still recognised here once the database is back.
        if not self.local.remember(update_id):
            return False
        now = self.clock.now()
        try:
            taken = await self.batches.run(lambda: self.take(update_id, now))
        except (SQLAlchemyError, RuntimeError) as error:  # RuntimeError: the guard is closed
            self.outage.failed(error)
            return True
        self.outage.succeeded()
        return taken

    def take(self, update_id: int, now: datetime) -> bool:
        """Adds the update's row; False when it was there already, taken within the window."""
        try:
            with self.engine.begin() as connection:
                connection.execute(insert(t.update_guard).values(update_id=update_id, taken_at=now))
            taken = True
        except IntegrityError:
            taken = self._take_expired(update_id, now)
        if self.next_prune is None or now >= self.next_prune:
            self.next_prune = now + PRUNE_EVERY
            self.prune(now)
        return taken

    def prune(self, now: datetime) -> int:
        """Deletes the rows older than the window; how many went."""
        with self.engine.begin() as connection:
            return _deleted(connection, now - self.window)

    def _take_expired(self, update_id: int, now: datetime) -> bool:
        """A row older than the window that no prune has deleted yet: taken again, by one worker only."""
        c = t.update_guard.c
        with self.engine.begin() as connection:
            moved = connection.execute(
                update(t.update_guard)
                .where(c.update_id == update_id, c.taken_at <= now - self.window)
                .values(taken_at=now)
            )
        return moved.rowcount == 1


def _deleted(connection: Connection, before: datetime) -> int:
    return connection.execute(delete(t.update_guard).where(t.update_guard.c.taken_at <= before)).rowcount


def _commit_without_waiting_for_the_disk(connection: DBAPIConnection, _: object) -> None:
    """In WAL mode (the event store's), NORMAL commits survive a crash of the process and may be lost
    only with the machine's power (PostgreSQL's asynchronous commits, with the server's crash): at worst
    an update taken just before is answered again, and not charged again (`reply_to` is idempotent)."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
