"""Brings the event store's tables to the newest migration of their own chain (ADR 43); run before the
store opens, a no-op when current. eventsourcing opens them with CREATE_TABLE off."""

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from adapters.sql.schema_revisions import Chain

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "events_alembic_version"
CHAIN = Chain(MIGRATIONS / "versions", VERSION_TABLE)
EVENTS_TABLES = {"sqlite": "stored_events", "postgresql": "gptbot_events"}
"""The application recorder's table: eventsourcing.sqlite's default name, and on PostgreSQL the
application's name (`GptBot`) lowered, with `_events`."""
# Workers starting together on PostgreSQL take turns; the later ones find the tables current.
ADVISORY_LOCK_KEY = 0x67707462_6576  # "gptbev"


def alembic_config() -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    with engine.connect() as connection:
        if CHAIN.current(connection):
            return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
