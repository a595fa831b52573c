"""The database's schema as the release expects it: the event store's tables and the analytics views,
each chain of migrations at its newest (ADR 43), and no table of an earlier release waiting to be copied."""

from dataclasses import dataclass

from sqlalchemy import Connection, create_engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.database_url import redact, sqlalchemy_url, sqlite_path
from adapters.sql.earlier_events import earlier_waiting
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.event_tables import migrate as events
from adapters.sql.views import migrate as views
from adapters.sql.views.store import SqlAnalyticsViews
from application.errors import StoreUnavailable


@dataclass(frozen=True)
class SchemaState:
    events_table: str
    has_events_table: bool
    earlier_waiting: bool
    events_revision: str | None
    events_head: str
    views_revision: str | None
    views_head: str

    @property
    def current(self) -> bool:
        return (
            self.has_events_table
            and not self.earlier_waiting
            and self.events_revision == self.events_head
            and self.views_revision == self.views_head
        )

    def behind(self) -> str:
        """What is not current, in a few words."""
        missing = []
        if not self.has_events_table:
            missing.append(f"no event table {self.events_table}")
        if self.earlier_waiting:
            missing.append("an earlier release's event table not copied yet")
        if self.events_revision != self.events_head:
            missing.append(f"event tables at {self.events_revision or 'none'}, newest {self.events_head}")
        if self.views_revision != self.views_head:
            missing.append(f"analytics views at {self.views_revision or 'none'}, newest {self.views_head}")
        return "; ".join(missing)


def events_head() -> str:
    return events.CHAIN.head


def views_head() -> str:
    return views.CHAIN.head


def schema_state(database_url: str) -> SchemaState:
    path = sqlite_path(database_url)
    events_table = events.EVENTS_TABLES["sqlite" if path is not None else "postgresql"]
    if path is not None and not path.exists():  # looking must not create the file
        return SchemaState(events_table, False, False, None, events_head(), None, views_head())
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            return _state(connection, events_table)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StoreUnavailable(f"cannot read the schema at {redact(database_url)}: {reason}") from error
    finally:
        engine.dispose()


def _state(connection: Connection, events_table: str) -> SchemaState:
    inspector = inspect(connection)
    columns = (
        {c["name"] for c in inspector.get_columns(events_table)}
        if inspector.has_table(events_table)
        else set()
    )
    # On PostgreSQL an earlier release's table has the store's name: the store's has a notification id.
    has_events = bool(columns) and (connection.dialect.name == "sqlite" or "notification_id" in columns)
    return SchemaState(
        events_table,
        has_events,
        earlier_waiting(connection),
        events.CHAIN.revision(connection),
        events_head(),
        views.CHAIN.revision(connection),
        views_head(),
    )


def upgrade_schema(database_url: str) -> list[str]:
    """Make the store current; one line for each part, saying what was done to it."""
    before = schema_state(database_url)
    EventStoreAggregates.from_database_url(database_url).close()  # runs the event tables' migrations
    after = schema_state(database_url)
    table = before.events_table
    done = [
        f"event store: table {table} present" if before.has_events_table else f"event store: created {table}",
        _moved("event store", before.events_revision, after.events_revision),
    ]
    if before.earlier_waiting:
        done.append("event store: copied the events of the earlier release's table into it")
    SqlAnalyticsViews.open(database_url).close()  # runs the views' migrations still to run
    after = schema_state(database_url)
    done.append(_moved("analytics views", before.views_revision, after.views_revision))
    done.append(f"{redact(database_url)} is current" if after.current else f"still behind: {after.behind()}")
    return done


def _moved(part: str, before: str | None, after: str | None) -> str:
    if before == after:
        return f"{part}: already at {after}"
    return f"{part}: upgraded from {before or 'none'} to {after}"
