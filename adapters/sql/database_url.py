"""DATABASE_URL as operators write it, turned into the settings of the event store and of SQLAlchemy,
and shown without secrets."""

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError


class InvalidDatabaseUrl(ValueError):
    pass


def parsed(database_url: str) -> URL:
    try:
        url = make_url(database_url)
    except (ArgumentError, ValueError) as error:  # ValueError: e.g. a port that is not a number
        raise InvalidDatabaseUrl(f"DATABASE_URL is not a database URL: {redact(database_url)}") from error
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        return url.set(drivername="postgresql+psycopg")
    if backend != "sqlite":
        raise InvalidDatabaseUrl(f"DATABASE_URL must be sqlite:/// or postgresql://, not {backend}://")
    if not url.database or url.database == ":memory:":
        raise InvalidDatabaseUrl("DATABASE_URL must name an SQLite file (sqlite:///path/to/file.db)")
    return url


def sqlalchemy_url(database_url: str) -> str:
    return parsed(database_url).render_as_string(hide_password=False)


def sqlite_path(database_url: str) -> Path | None:
    try:
        url = make_url(database_url)
    except (ArgumentError, ValueError):
        return None
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def redact(database_url: str) -> str:
    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unparseable URL>"
