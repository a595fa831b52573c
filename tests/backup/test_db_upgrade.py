"""`gptbot db upgrade` brings a database to the release's schema, and `gptbot run` with
DB_UPGRADE_ON_START=false refuses to start on one that is not."""

from datetime import UTC, datetime
from pathlib import Path

from eventsourcing.persistence import Notification

from adapters.sql.event_store import EventStoreAggregates, GptBot
from adapters.sql.schema import events_head, schema_state, upgrade_schema, views_head
from adapters.sql.store_settings import store_env
from domain.conversation import Conversation
from domain.usage import ModelUsage, UsageLedger
from tests.backup.operator import gptbot
from tests.projections.earlier_views import views_moved_to
from tests.support.stores import sqlite_url

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
PREVIOUS_VIEWS_HEAD = "0005"
"""The views' newest migration in the release before the event tables came under Alembic."""


def at_views_revision(database_url: str, revision: str) -> None:
    """A database as an earlier release left it: the event store's table, the views at `revision`."""
    EventStoreAggregates.from_database_url(database_url).close()
    views_moved_to(database_url, revision)


def as_the_previous_release_left_it(database_url: str) -> list[Notification]:
    """Events in the table eventsourcing made (the previous release opened the store with CREATE_TABLE
    on, and had no migration of its own for it), the views at that release's newest migration."""
    app = GptBot({**store_env(database_url), "CREATE_TABLE": "y"})
    try:
        conversation, ledger = Conversation(chat_id=7, at=NOW), UsageLedger.open(42, NOW)
        for n in range(3):
            conversation.add_user_message(f"question {n}", f"r{n}", NOW)
            ledger.record(f"r{n}", ModelUsage("gpt-x", input_tokens=10 + n, output_tokens=5), 60, NOW)
            app.save(conversation, ledger)
        written = list(app.recorder.select_notifications(1, 100))
    finally:
        app.close()
    views_moved_to(database_url, PREVIOUS_VIEWS_HEAD)
    return written


def stored(database_url: str) -> list[Notification]:
    """The events as the store reads them; nothing migrated first."""
    app = GptBot(store_env(database_url))
    try:
        return list(app.recorder.select_notifications(1, 100))
    finally:
        app.close()


def test_upgrade_of_a_fresh_database_creates_the_tables_and_leaves_it_current(
    durable_store_url: str, tmp_path: Path
) -> None:
    assert not schema_state(durable_store_url).current
    table = schema_state(durable_store_url).events_table

    done = gptbot(tmp_path, durable_store_url, "db", "upgrade")

    assert done.returncode == 0, done.stderr
    assert f"event store: created {table}" in done.stdout
    assert f"event store: upgraded from none to {events_head()}" in done.stdout
    assert f"analytics views: upgraded from none to {views_head()}" in done.stdout
    assert schema_state(durable_store_url).current
    assert stored(durable_store_url) == []


def test_upgrade_of_the_previous_release_keeps_every_event_and_leaves_it_current(
    durable_store_url: str, tmp_path: Path
) -> None:
    written = as_the_previous_release_left_it(durable_store_url)
    before = schema_state(durable_store_url)
    assert len(written) == 8 and before.has_events_table and before.events_revision is None
    assert not before.current

    done = gptbot(tmp_path, durable_store_url, "db", "upgrade")

    assert done.returncode == 0, done.stderr
    assert f"event store: table {before.events_table} present" in done.stdout
    assert f"event store: upgraded from none to {events_head()}" in done.stdout
    assert f"analytics views: upgraded from {PREVIOUS_VIEWS_HEAD} to {views_head()}" in done.stdout
    state = schema_state(durable_store_url)
    assert state.current, state.behind()
    assert stored(durable_store_url) == written


async def test_the_store_of_the_previous_release_reads_and_writes_after_the_upgrade(
    durable_store_url: str,
) -> None:
    written = as_the_previous_release_left_it(durable_store_url)
    upgrade_schema(durable_store_url)

    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        conversation = await store.get(written[0].originator_id, Conversation)
        assert conversation is not None and [t.text for t in conversation.turns] == [
            f"question {n}" for n in range(3)
        ]
        conversation.add_user_message("after the upgrade", "r3", NOW)
        await store.save(conversation)
        assert [n.id for n in store.app.recorder.select_notifications(1, 100)] == [
            *(n.id for n in written),
            store.app.recorder.max_notification_id(),
        ]
    finally:
        store.close()


def test_upgrade_of_a_current_database_says_so_and_changes_nothing(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    upgrade_schema(url)

    done = gptbot(tmp_path, url, "db", "upgrade")

    assert done.returncode == 0, done.stderr
    assert "event store: table stored_events present" in done.stdout
    assert f"event store: already at {events_head()}" in done.stdout
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


def test_run_with_upgrade_on_start_off_on_the_previous_release_stops_and_changes_nothing(
    tmp_path: Path,
) -> None:
    url = sqlite_url(tmp_path)
    written = as_the_previous_release_left_it(url)
    views_moved_to(url, views_head())

    done = gptbot(tmp_path, url, "run", DB_UPGRADE_ON_START="false")

    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "gptbot db upgrade" in lines[0] and "event tables at none" in lines[0]
    assert schema_state(url).events_revision is None
    assert stored(url) == written


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
