"""A store's views as an earlier release left them: the schema at an older migration, the whole log
projected (its tracking row at the log's last position), and whatever rows that release had written."""

from typing import Any

from alembic import command
from sqlalchemy import create_engine, text

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_log import EventStoreLog
from adapters.sql.views.migrate import alembic_config


def views_left_at(url: str, revision: str, log: EventStoreLog, *rows: tuple[str, dict[str, Any]]) -> None:
    """Migrate the views up to `revision` only, mark the log projected, and run each (SQL, parameters)."""
    engine = create_engine(sqlalchemy_url(url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.execute(
                text("INSERT INTO analytics_tracking VALUES (:name, :position)"),
                {"name": log.name, "position": log.last_position()},
            )
            for statement, parameters in rows:
                connection.execute(text(statement), parameters)
    finally:
        engine.dispose()
