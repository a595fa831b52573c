"""`gptbot backup PATH` as an operator runs it: a checked copy of the SQLite store, the bot writing meanwhile."""

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

from adapters.sql.event_store import EventStoreAggregates
from tests.backup.live_writer import LiveWriter
from tests.backup.operator import gptbot
from tests.projections.bulk import fill
from tests.support.stores import sqlite_url

USERS, RECORDS = 3, 40


def integrity(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute("PRAGMA integrity_check")]


def filled_store(folder: Path) -> str:
    folder.mkdir()
    url = sqlite_url(folder)
    store = EventStoreAggregates.from_database_url(url)
    fill(store, USERS, RECORDS)
    store.close()
    return url


def test_a_copy_taken_while_usage_is_recorded_restores_into_a_store_that_passes_the_audit(
    tmp_path: Path,
) -> None:
    url = filled_store(tmp_path / "live")
    copy = tmp_path / "backups" / "gptbot.db"

    with LiveWriter(url):
        done = gptbot(tmp_path, url, "backup", str(copy))

    assert done.returncode == 0, done.stderr
    assert str(copy) in done.stdout and "spend journal" in done.stdout
    assert integrity(copy) == ["ok"]
    assert [p.name for p in copy.parent.iterdir()] == ["gptbot.db"]  # no partial file left beside it
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copyfile(copy, restored / "gptbot.db")
    restored_url = sqlite_url(restored)
    projected = gptbot(tmp_path, restored_url, "project", "--once")
    audit = gptbot(tmp_path, restored_url, "audit", "replay")
    assert projected.returncode == 0, projected.stderr
    assert audit.returncode == 0, audit.stdout + audit.stderr
    assert "OK" in audit.stdout


def test_a_copy_replaces_an_earlier_copy_at_the_path_whole(tmp_path: Path) -> None:
    url = filled_store(tmp_path / "live")
    copy = tmp_path / "gptbot-backup.db"
    copy.write_bytes(b"an earlier copy, or anything else")

    done = gptbot(tmp_path, url, "backup", str(copy))

    assert done.returncode == 0, done.stderr
    assert integrity(copy) == ["ok"]
    with closing(sqlite3.connect(copy)) as connection:
        (events,) = connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()
    assert events == USERS * (RECORDS + 1)


def test_on_postgresql_it_prints_the_pg_dump_to_run_without_the_password_and_exits_2(tmp_path: Path) -> None:
    url = "postgresql://gptbot:s3cret-word@db.internal:5433/botdata"

    done = gptbot(tmp_path, url, "backup", str(tmp_path / "gptbot.dump"))

    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and done.stdout == ""
    assert "pg_dump" in lines[0] and f"--file={tmp_path / 'gptbot.dump'}" in lines[0]
    assert "--host=db.internal" in lines[0] and "--port=5433" in lines[0]
    assert "--username=gptbot" in lines[0] and lines[0].endswith(" botdata")
    assert "s3cret" not in done.stderr
    assert not (tmp_path / "gptbot.dump").exists()


def test_a_missing_database_file_is_one_line_and_exit_2_and_no_copy(tmp_path: Path) -> None:
    done = gptbot(tmp_path, sqlite_url(tmp_path / "nowhere"), "backup", str(tmp_path / "copy.db"))

    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "no SQLite database" in done.stderr
    assert not (tmp_path / "copy.db").exists() and not (tmp_path / "nowhere").exists()
