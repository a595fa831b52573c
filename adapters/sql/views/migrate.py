"""Brings the analytics view schema to the newest migration; run at every start, a no-op when current
(read without Alembic, which is imported only when a migration is to run)."""

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text

from adapters.sql.schema_revisions import Chain

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
VERSION_TABLE = "analytics_alembic_version"
CHAIN = Chain(MIGRATIONS / "versions", VERSION_TABLE)
# Workers starting together on PostgreSQL take turns; the later ones find the schema current.
ADVISORY_LOCK_KEY = 0x67707462_6F74  # "gptbot"


def alembic_config() -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    if is_current(engine):
        return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_current(engine: Engine) -> bool:
    with engine.connect() as connection:
        return CHAIN.current(connection)
