"""`gptbot db upgrade` brings a database to the release's schema, and `gptbot run` with
DB_UPGRADE_ON_START=false refuses to start on one that is not."""

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.schema import schema_state, upgrade_schema, views_head
from adapters.sql.views.migrate import alembic_config
from tests.backup.operator import gptbot
from tests.support.stores import sqlite_url


def at_views_revision(database_url: str, revision: str) -> None:
    """A database as an earlier release left it: the event store's table, the views at `revision`."""
    EventStoreAggregates.from_database_url(database_url).close()
    engine = create_engine(sqlalchemy_url(database_url))
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def test_upgrade_of_a_fresh_file_creates_the_tables_and_leaves_it_current(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    assert not schema_state(url).current

    done = gptbot(tmp_path, url, "db", "upgrade")

    assert done.returncode == 0, done.stderr
    assert "event store: created stored_events" in done.stdout
    assert f"analytics views: upgraded from none to {views_head()}" in done.stdout
    assert schema_state(url).current


def test_upgrade_of_a_current_database_says_so_and_changes_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    upgrade_schema(url)

    done = gptbot(tmp_path, url, "db", "upgrade")

    assert done.returncode == 0, done.stderr
    assert "event store: table stored_events present" in done.stdout
    assert f"analytics views: already at {views_head()}" in done.stdout
    assert schema_state(url).current


def test_upgrade_from_an_older_views_revision_names_both_revisions_and_leaves_it_current(
    tmp_path: Path,
) -> None:
    url = sqlite_url(tmp_path)
    at_views_revision(url, "0002")
    assert schema_state(url).views_revision == "0002"

    done = gptbot(tmp_path, url, "db", "upgrade")

    assert done.returncode == 0, done.stderr
    assert f"analytics views: upgraded from 0002 to {views_head()}" in done.stdout
    assert schema_state(url).current


def test_the_store_and_views_opened_as_the_bot_opens_them_are_current(durable_store_url: str) -> None:
    assert not schema_state(durable_store_url).current

    lines = upgrade_schema(durable_store_url)

    state = schema_state(durable_store_url)
    assert state.current, state.behind()
    assert lines[-1].endswith("is current")


def test_run_with_upgrade_on_start_off_and_an_older_schema_stops_with_one_line(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    at_views_revision(url, "0002")

    done = gptbot(tmp_path, url, "run", DB_UPGRADE_ON_START="false")

    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "gptbot db upgrade" in lines[0] and "0002" in lines[0]
    assert schema_state(url).views_revision == "0002"


def test_run_with_upgrade_on_start_off_and_a_fresh_file_stops_without_creating_it(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "data")

    done = gptbot(tmp_path, url, "run", DB_UPGRADE_ON_START="false")

    assert done.returncode == 2 and "gptbot db upgrade" in done.stderr
    assert not (tmp_path / "data").exists()


def test_run_with_upgrade_on_start_off_and_a_current_database_starts(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    upgrade_schema(url)

    done = gptbot(tmp_path, url, "run", DB_UPGRADE_ON_START="false")

    assert done.returncode == 0, done.stderr
    assert "gptbot db upgrade" not in done.stderr
