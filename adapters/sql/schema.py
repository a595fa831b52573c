"""The database's schema as the release expects it: the event store's table (eventsourcing's CREATE_TABLE),
no table of an earlier release waiting to be copied, and the analytics views at the newest migration."""

from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect
from sqlalchemy.exc import SQLAlchemyError

from adapters.sql.database_url import redact, sqlalchemy_url, sqlite_path
from adapters.sql.earlier_events import EARLIER, SET_ASIDE
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.migrate import VERSION_TABLE, alembic_config
from adapters.sql.views.store import SqlAnalyticsViews
from application.errors import StoreUnavailable

SQLITE_EVENTS, POSTGRES_EVENTS = "stored_events", "gptbot_events"
"""eventsourcing's table names: its SQLite default, and the application's name on PostgreSQL."""


@dataclass(frozen=True)
class SchemaState:
    events_table: str
    has_events_table: bool
    earlier_waiting: bool
    views_revision: str | None
    views_head: str

    @property
    def current(self) -> bool:
        return self.has_events_table and not self.earlier_waiting and self.views_revision == self.views_head

    def behind(self) -> str:
        """What is not current, in a few words."""
        missing = []
        if not self.has_events_table:
            missing.append(f"no event table {self.events_table}")
        if self.earlier_waiting:
            missing.append("an earlier release's event table not copied yet")
        if self.views_revision != self.views_head:
            missing.append(f"analytics views at {self.views_revision or 'none'}, newest {self.views_head}")
        return "; ".join(missing)


def views_head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the views have migrations"
    return head


def schema_state(database_url: str) -> SchemaState:
    path = sqlite_path(database_url)
    events_table = SQLITE_EVENTS if path is not None else POSTGRES_EVENTS
    if path is not None and not path.exists():  # looking must not create the file
        return SchemaState(events_table, False, False, None, views_head())
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
    tables = set(inspector.get_table_names())
    earlier = EARLIER in tables and "notification_id" not in {
        c["name"] for c in inspector.get_columns(EARLIER)
    }
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    # On PostgreSQL the earlier table and the store's share the name `gptbot_events`: the columns tell.
    has_events = events_table in tables and not (events_table == EARLIER and earlier)
    return SchemaState(
        events_table,
        has_events,
        earlier or SET_ASIDE in tables,
        context.get_current_revision(),
        views_head(),
    )


def upgrade_schema(database_url: str) -> list[str]:
    """Make the store current; one line for each part, saying what was done to it."""
    before = schema_state(database_url)
    EventStoreAggregates.from_database_url(database_url).close()  # creates the table, copies an earlier one
    table = before.events_table
    done = [
        f"event store: table {table} present" if before.has_events_table else f"event store: created {table}"
    ]
    if before.earlier_waiting:
        done.append("event store: copied the events of the earlier release's table into it")
    SqlAnalyticsViews.open(database_url).close()  # runs the migrations still to run
    after = schema_state(database_url)
    if before.views_revision == after.views_revision:
        done.append(f"analytics views: already at {after.views_revision}")
    else:
        done.append(
            f"analytics views: upgraded from {before.views_revision or 'none'} to {after.views_revision}"
        )
    done.append(f"{redact(database_url)} is current" if after.current else f"still behind: {after.behind()}")
    return done
