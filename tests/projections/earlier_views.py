"""A store's views as an earlier release left them: the schema at an older migration, the whole log
projected (its tracking row at the log's last position), and whatever rows that release had written."""

from collections.abc import Callable
from typing import Any

from alembic import command
from sqlalchemy import Connection, create_engine, text

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_log import EventStoreLog
from adapters.sql.views.migrate import alembic_config


def views_moved_to(
    url: str, revision: str, down: bool = False, then: Callable[[Connection], None] | None = None
) -> None:
    """Migrate the views up (or `down`) to `revision`, and run `then` in the same transaction."""
    engine = create_engine(sqlalchemy_url(url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
            if then is not None:
                then(connection)
    finally:
        engine.dispose()


def views_left_at(url: str, revision: str, log: EventStoreLog, *rows: tuple[str, dict[str, Any]]) -> None:
    """Migrate the views up to `revision` only, mark the log projected, and run each (SQL, parameters)."""

    def left_by_that_release(connection: Connection) -> None:
        connection.execute(
            text("INSERT INTO analytics_tracking VALUES (:name, :position)"),
            {"name": log.name, "position": log.last_position()},
        )
        for statement, parameters in rows:
            connection.execute(text(statement), parameters)

    views_moved_to(url, revision, then=left_by_that_release)
