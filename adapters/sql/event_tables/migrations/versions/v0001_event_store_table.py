"""The event store's table, as eventsourcing 9.5's application recorder makes it; an earlier release's
events copied into it.

The statements are those eventsourcing.sqlite and eventsourcing.postgres run for CREATE_TABLE (frozen
here: the store opens with CREATE_TABLE off, so a later release of the library changes no schema by
itself; tests/adapters/test_event_tables.py holds them to what the library makes). A database of the
previous release already has the table, made by the library: `IF NOT EXISTS` keeps it as it is, with
its events. PostgreSQL's insert function is not made: the store runs with POSTGRES_ENABLE_DB_FUNCTIONS
off, eventsourcing's default.

On PostgreSQL an earlier release's table (eventsourcing_sqlalchemy's, with an `id` column) has the
store's table name: it is set aside first, then copied into the new table (adapters/sql/earlier_events.py).
"""

import sqlalchemy as sa
from alembic import op

from adapters.sql.earlier_events import copy_earlier_events, set_earlier_table_aside
from adapters.sql.event_tables.migrate import EVENTS_TABLES

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SQLITE: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS stored_events ("
    "originator_id TEXT, "
    "originator_version INTEGER, "
    "topic TEXT, "
    "state BLOB, "
    "PRIMARY KEY (originator_id, originator_version))",
)
POSTGRES_TYPE = (
    "CREATE TYPE public.stored_event_uuid AS ("
    "originator_id uuid, originator_version bigint, topic text, state bytea)"
)
POSTGRES: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS public.gptbot_events ("
    "originator_id uuid NOT NULL, "
    "originator_version bigint NOT NULL, "
    "topic text, "
    "state bytea, "
    "notification_id bigserial, "
    "PRIMARY KEY (originator_id, originator_version)) "
    "WITH (autovacuum_enabled = true, autovacuum_vacuum_threshold = 100000000, "
    "autovacuum_vacuum_scale_factor = 0.5, autovacuum_analyze_threshold = 1000, "
    "autovacuum_analyze_scale_factor = 0.01)",
    "CREATE UNIQUE INDEX IF NOT EXISTS gptbot_events_notification_id_idx "
    "ON public.gptbot_events (notification_id ASC)",
)


def upgrade() -> None:
    bind = op.get_bind()
    set_earlier_table_aside(bind)
    if bind.dialect.name == "postgresql":
        # The composite type the recorder inserts through; CREATE TYPE has no IF NOT EXISTS.
        if bind.execute(sa.text("SELECT to_regtype('public.stored_event_uuid')")).scalar() is None:
            op.execute(POSTGRES_TYPE)
        statements = POSTGRES
    else:
        statements = SQLITE
    for statement in statements:
        op.execute(statement)
    copy_earlier_events(bind, EVENTS_TABLES[bind.dialect.name])


def downgrade() -> None:
    raise NotImplementedError("the event store's table holds the events: it is never dropped by a migration")
