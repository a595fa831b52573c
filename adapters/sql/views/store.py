"""The analytics views in the event store's database: the projection's writes and the queries."""

from collections.abc import Collection, Iterable
from contextlib import AbstractContextManager
from datetime import UTC
from typing import Any
from uuid import UUID

from sqlalchemy import Connection, Table, bindparam, create_engine, delete, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.database_url import redact, sqlalchemy_url, sqlite_path
from adapters.sql.views import tables as t
from adapters.sql.views.bulk import SqlViewsWriter, rebuilding
from adapters.sql.views.migrate import upgrade
from adapters.sql.views.queries import SqlViewQueries
from adapters.sql.views.rows import connected, utc
from application.errors import StoreUnavailable
from application.projection_model import ProjectionConflict, StreamKind, StreamOwner, ViewChanges

SQLITE_BUSY_SECONDS = 30


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
            # Moving the position first takes the write lock, so a second worker waits here and then
            # finds the position gone from under it instead of counting the same events again.
            c = t.position.c
            moved = connection.execute(
                update(t.position)
                .where(c.name == t.TRACKING_NAME, c.position == changes.after)
                .values(position=changes.position)
            )
            if moved.rowcount != 1:
                raise ProjectionConflict(f"the analytics views moved past position {changes.after}")
            owners = [
                {"stream_id": sid, "user_id": o.user_id, "kind": o.kind.value}
                for sid, o in changes.owners.items()
            ]
            _insert(connection, t.streams, owners)
            daily = [{"user_id": u, "day": d, **n.as_dict()} for (u, d), n in changes.daily.items()]
            _merge(connection, t.daily, ("user_id", "day"), daily)
            _merge(
                connection,
                t.models,
                ("model",),
                [{"model": m, **n.as_dict()} for m, n in changes.models.items()],
            )
            users = [
                {
                    "user_id": u,
                    **n.as_dict(),
                    "first_seen": changes.seen[u].first.astimezone(UTC),
                    "last_seen": changes.seen[u].last.astimezone(UTC),
                }
                for u, n in changes.users.items()
            ]
            _merge(connection, t.users, ("user_id",), users)
            entries = [
                {
                    "position": e.position,
                    "user_id": e.user_id,
                    "kind": e.kind,
                    "at": e.at.astimezone(UTC),
                    "text": e.text,
                }
                for e in changes.timeline
            ]
            _insert(connection, t.timeline, entries)

    def rebuilding(self, position: int) -> AbstractContextManager[SqlViewsWriter]:
        """One transaction that empties the views, takes what is added, and leaves them at `position`."""
        return rebuilding(self.engine, self.shown_as, position)

    def reset(self) -> None:
        with connected(self.engine, self.shown_as, write=True) as connection:
            connection.execute(
                update(t.position).where(t.position.c.name == t.TRACKING_NAME).values(position=0)
            )
            for table in t.VIEW_TABLES:
                connection.execute(delete(table))


def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), rows)


def _merge(connection: Connection, table: Table, keys: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Add each row's counters to the stored row with its key, or insert it when there is none."""
    if not rows:
        return
    existing = _existing(connection, table, keys, rows)
    inserts, updates = [], []
    for row in rows:
        old = existing.get(tuple(row[k] for k in keys))
        if old is None:
            inserts.append(row)
        else:
            updates.append({f"key_{k}": row[k] for k in keys} | _combined(old, row))
    _insert(connection, table, inserts)
    if updates:
        values = [name for name in updates[0] if not name.startswith("key_")]
        statement = (
            update(table)
            .where(*(table.c[k] == bindparam(f"key_{k}") for k in keys))
            .values({name: bindparam(name) for name in values})
        )
        connection.execute(statement, updates)


def _existing(
    connection: Connection, table: Table, keys: tuple[str, ...], rows: Iterable[dict[str, Any]]
) -> dict[tuple[Any, ...], Any]:
    rows = list(rows)
    query = select(table).where(*(table.c[k].in_({row[k] for row in rows}) for k in keys))
    return {tuple(found[k] for k in keys): found for found in connection.execute(query).mappings()}


def _combined(old: Any, new: dict[str, Any]) -> dict[str, Any]:
    combined = {name: int(old[name]) + new[name] for name in t.COUNTERS}
    if "first_seen" in new:
        combined["first_seen"] = min(utc(old["first_seen"]), new["first_seen"])
        combined["last_seen"] = max(utc(old["last_seen"]), new["last_seen"])
    return combined
