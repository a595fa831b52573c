"""DATABASE_URL as operators write it, turned into what SQLAlchemy needs, and shown without secrets."""

from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError


class InvalidDatabaseUrl(ValueError):
    pass


def sqlalchemy_url(database_url: str) -> str:
    try:
        url = make_url(database_url)
    except (ArgumentError, ValueError) as error:  # ValueError: e.g. a port that is not a number
        raise InvalidDatabaseUrl(f"DATABASE_URL is not a database URL: {redact(database_url)}") from error
    backend = url.get_backend_name()
    if backend in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    elif backend != "sqlite":
        raise InvalidDatabaseUrl(f"DATABASE_URL must be sqlite:/// or postgresql://, not {backend}://")
    return url.render_as_string(hide_password=False)


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
