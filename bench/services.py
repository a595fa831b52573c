"""A private redis-server and PostgreSQL cluster for a benchmark, started by the test suite's own harnesses."""

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg

from tests.support.postgres import PostgresUnavailable, start_cluster
from tests.support.redis_server import RedisServer


class ServicesUnavailable(Exception):
    """A server could not be started here; the message says which and why."""


@contextlib.contextmanager
def redis_and_postgres() -> Iterator[tuple[str, str]]:
    """(REDIS_URL, DATABASE_URL) of a fresh redis-server and an empty PostgreSQL database."""
    with tempfile.TemporaryDirectory(prefix="gptbot-bench-redis-") as folder:
        try:
            redis = RedisServer(Path(folder))
            redis.start()
        except (RuntimeError, OSError) as error:
            raise ServicesUnavailable(f"redis-server: {_first_line(error)}") from error
        try:
            try:
                cluster = start_cluster()
            except (PostgresUnavailable, OSError) as error:
                raise ServicesUnavailable(f"PostgreSQL: {_first_line(error)}") from error
            try:
                try:
                    database = cluster.create_database()
                except psycopg.Error as error:
                    raise ServicesUnavailable(f"PostgreSQL: {_first_line(error)}") from error
                yield redis.url, database
            finally:
                with contextlib.suppress(PostgresUnavailable):
                    cluster.stop()
        finally:
            redis.stop()


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
