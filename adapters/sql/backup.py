"""A copy of the embedded SQLite store taken while the bot runs, and the command that copies PostgreSQL.

SQLite's online backup API copies the whole file in one step under a read transaction: in WAL mode
(eventsourcing's) writers go on meanwhile, and the copy is the database as of that transaction. It is
written beside the target under a temporary name, checked, synced and then renamed, so the target is
either the previous copy or a whole new one."""

import os
import shlex
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from adapters.sql.database_url import parsed
from application.errors import StoreUnavailable

BUSY_SECONDS = 30


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy `source` to `target`; the size of the copy in bytes."""
    if not source.is_file():
        raise StoreUnavailable(f"there is no SQLite database at {source}")
    if target.resolve() == source.resolve():
        raise StoreUnavailable(f"the backup would overwrite the database itself ({source})")
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        _copy(source, partial)
        _check(partial)
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
    except sqlite3.Error as error:
        raise StoreUnavailable(f"cannot back up {source}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return target.stat().st_size


def _copy(source: Path, partial: Path) -> None:
    reading = sqlite3.connect(source, timeout=BUSY_SECONDS)
    with closing(reading), closing(sqlite3.connect(partial)) as copy:
        reading.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def _check(partial: Path) -> None:
    with closing(sqlite3.connect(partial)) as copy:
        verdict = [row[0] for row in copy.execute("PRAGMA integrity_check")]
    if verdict != ["ok"]:
        raise StoreUnavailable(f"the copy failed SQLite's integrity check: {verdict[0]}")


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def pg_dump_command(database_url: str, target: Path) -> str:
    """The pg_dump that copies the PostgreSQL store to `target`; the password is not in it (PGPASSWORD
    or ~/.pgpass gives it)."""
    url = parsed(database_url)
    words = ["pg_dump", "--format=custom", f"--file={target}"]
    words += [f"--host={url.host or 'localhost'}", f"--port={url.port or 5432}"]
    words += [f"--username={url.username or 'postgres'}", url.database or "postgres"]
    return shlex.join(words)
