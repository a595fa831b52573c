"""Alembic runs this with the connection the caller opened (see adapters/sql/event_tables/migrate.py)."""

from alembic import context

from adapters.sql.event_tables.migrate import VERSION_TABLE

context.configure(connection=context.config.attributes["connection"], version_table=VERSION_TABLE)
with context.begin_transaction():
    context.run_migrations()
