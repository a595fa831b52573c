"""The analytics views in the event store's database: the projection's writes and the queries."""

from collections.abc import Collection, Mapping
from dataclasses import astuple, fields
from operator import attrgetter
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, create_engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from adapters.sql.database_url import redact, sqlalchemy_url, sqlite_path
from adapters.sql.views import tables as t
from adapters.sql.views.bulk import add_rows, insert_rows, upsert_rows
from adapters.sql.views.migrate import upgrade
from adapters.sql.views.queries import SqlViewQueries
from adapters.sql.views.rows import connected
from adapters.sql.views.running import add_running
from application.errors import StoreUnavailable
from application.projection import ProjectionConflict, StreamKind, StreamOwner, ViewChanges
from application.views import PERSON_FIELDS, LedgerHead, PauseView, Person, TimelineEntry

SQLITE_BUSY_SECONDS = 30
SQLITE_CACHE_KIB = 64 * 1024
"""Pages a writing connection keeps (SQLite's default is 2 MiB): the daily rows and the timeline's
index take rows in no particular order, and a rebuild of a million events visits pages all over them."""
STREAM_COLUMNS = ("stream_id", "user_id", "kind")
DAILY_COLUMNS = ("user_id", "day", *t.COUNTERS)
MODEL_COLUMNS = ("model", *t.COUNTERS)
USER_COLUMNS = ("user_id", *t.COUNTERS, "first_seen", "last_seen")
TIMELINE_COLUMNS = TimelineEntry._fields
"""A timeline entry is a row of the timeline as it is."""
MODEL_DAY_COLUMNS = ("day", "model", *t.COUNTERS)
KIND_DAY_COLUMNS = ("day", "kind", "count")
PERSON_COLUMNS = ("user_id", *PERSON_FIELDS)
LEDGER_HEAD_COLUMNS = tuple(f.name for f in fields(LedgerHead))
PAUSE_SWITCH = "bot"
PAUSE_COLUMNS = ("switch", *(f.name for f in fields(PauseView)))
_NOBODY = Person(0)
"""A person row's values before any event set them."""
_counts = attrgetter(*t.COUNTERS)


class SqlAnalyticsViews(SqlViewQueries):
    @classmethod
    def open(cls, database_url: str) -> "SqlAnalyticsViews":
        """Connect and bring the view schema up to date (Alembic migrations)."""
        shown_as = redact(database_url)
        path = sqlite_path(database_url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": SQLITE_BUSY_SECONDS} if path is not None else {}
        engine = create_engine(sqlalchemy_url(database_url), connect_args=connect_args)
        try:
            upgrade(engine)
        except SQLAlchemyError as error:
            engine.dispose()
            reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            raise StoreUnavailable(f"cannot prepare the analytics views at {shown_as}: {reason}") from error
        return cls(engine, shown_as)

    def close(self) -> None:
        self.engine.dispose()

    def owners(self, stream_ids: Collection[UUID]) -> dict[UUID, StreamOwner]:
        if not stream_ids:
            return {}
        c = t.streams.c
        query = select(c.stream_id, c.user_id, c.kind).where(c.stream_id.in_(list(stream_ids)))
        with connected(self.engine, self.shown_as) as connection:
            rows = connection.execute(query).all()
        return {row.stream_id: StreamOwner(int(row.user_id), StreamKind(row.kind)) for row in rows}

    def apply(self, changes: ViewChanges) -> None:
        with connected(self.engine, self.shown_as, write=True) as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            _move_tracking(connection, changes.after, changes.position)
            owners = [(stream_id, o.user_id, o.kind.value) for stream_id, o in changes.owners.items()]
            insert_rows(connection, t.streams, STREAM_COLUMNS, owners)
            daily = [(u, d, *_counts(n)) for (u, d), n in changes.daily.items()]
            add_rows(connection, t.daily, ("user_id", "day"), DAILY_COLUMNS, daily)
            add_running(connection, [(u, d, _counts(n)) for (u, d), n in changes.daily.items()])
            models = [(m, *_counts(n)) for m, n in changes.models.items()]
            add_rows(connection, t.models, ("model",), MODEL_COLUMNS, models)
            seen = changes.seen
            users = [(u, *_counts(n), seen[u].first, seen[u].last) for u, n in changes.users.items()]
            add_rows(connection, t.users, ("user_id",), USER_COLUMNS, users)
            insert_rows(connection, t.timeline, TIMELINE_COLUMNS, changes.timeline)
            model_days = [(d, m, *_counts(n)) for (d, m), n in changes.model_days.items()]
            add_rows(connection, t.model_days, ("day", "model"), MODEL_DAY_COLUMNS, model_days)
            kind_days = [(d, k, n) for (d, k), n in changes.kind_days.items()]
            upsert_rows(connection, t.kind_days, ("day", "kind"), KIND_DAY_COLUMNS, kind_days, ("count",))
            _upsert_people(connection, changes.people)
            if changes.pause is not None:
                pause = (PAUSE_SWITCH, *astuple(changes.pause))
                upsert_rows(
                    connection, t.pause, ("switch",), PAUSE_COLUMNS, [pause], replaced=PAUSE_COLUMNS[1:]
                )
            heads = [astuple(head) for head in changes.ledger_heads.values()]
            upsert_rows(
                connection,
                t.ledger_heads,
                ("stream_id",),
                LEDGER_HEAD_COLUMNS,
                heads,
                added=("records", "cost_micros"),
                replaced=("head_digest", "last_at"),
            )

    def reset(self) -> None:
        with connected(self.engine, self.shown_as, write=True) as connection:
            connection.execute(delete(t.tracking))
            for table in t.VIEW_TABLES:
                connection.execute(delete(table))


def _upsert_people(connection: Connection, people: Mapping[int, Mapping[str, Any]]) -> None:
    """Each person's row with only the fields the batch set replaced: one statement for each set of
    fields (a handful: a registration, a name, a grant or ban)."""
    by_fields: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for user_id, changed in people.items():
        row = (user_id, *(changed.get(name, getattr(_NOBODY, name)) for name in PERSON_FIELDS))
        by_fields.setdefault(tuple(name for name in PERSON_FIELDS if name in changed), []).append(row)
    for names, rows in by_fields.items():
        upsert_rows(connection, t.people, ("user_id",), PERSON_COLUMNS, rows, replaced=names)


def _move_tracking(connection: Connection, after: int, position: int) -> None:
    """Compare and set: the position moves from `after`, or ProjectionConflict. Moved first, so a second
    worker's transaction waits here and then finds the position gone from under it, instead of counting
    the same events again."""
    c = t.tracking.c
    if after == 0:
        try:
            connection.execute(
                insert(t.tracking).values(application_name=t.FOLLOWED, notification_id=position)
            )
        except IntegrityError as error:
            raise ProjectionConflict("the analytics views moved past position 0") from error
        return
    moved = connection.execute(
        update(t.tracking)
        .where(c.application_name == t.FOLLOWED, c.notification_id == after)
        .values(notification_id=position)
    )
    if moved.rowcount != 1:
        raise ProjectionConflict(f"the analytics views moved past position {after}")
