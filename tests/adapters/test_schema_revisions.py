"""The event tables' and the views' revisions read without Alembic are Alembic's own, and a start on a
current database imports no Alembic (ADR 43)."""

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_tables import migrate as events
from adapters.sql.schema import upgrade_schema
from adapters.sql.views import migrate as views
from tests.support.stores import sqlite_url

CHAINS = [pytest.param(events, id="event tables"), pytest.param(views, id="views")]
OPEN_AS_THE_BOT_DOES = """
import sys
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.store import SqlAnalyticsViews
EventStoreAggregates.from_database_url(sys.argv[1]).close()
SqlAnalyticsViews.open(sys.argv[1]).close()
print("alembic" in sys.modules)
"""


@pytest.mark.parametrize("chain", CHAINS)
def test_the_head_named_by_the_files_is_alembics_head_of_a_chain_in_file_order(chain: ModuleType) -> None:
    script = ScriptDirectory.from_config(chain.alembic_config())
    in_order = [revision.revision for revision in reversed(list(script.walk_revisions()))]

    assert chain.CHAIN.head == script.get_current_head()
    assert in_order == sorted(in_order)
    for revision in in_order:
        assert Path(script.get_revision(revision).path).name.startswith(f"v{revision}_")


@pytest.mark.parametrize("chain", CHAINS)
def test_the_revision_read_with_sql_is_the_one_alembic_reads(
    chain: ModuleType, durable_store_url: str
) -> None:
    engine = create_engine(sqlalchemy_url(durable_store_url))
    try:
        for _ in range(2):  # fresh, then migrated
            with engine.connect() as connection:
                context = MigrationContext.configure(connection, opts={"version_table": chain.VERSION_TABLE})
                assert chain.CHAIN.revision(connection) == context.get_current_revision()
            upgrade_schema(durable_store_url)
        with engine.connect() as connection:
            assert chain.CHAIN.current(connection)
    finally:
        engine.dispose()


def opened_with_alembic(database_url: str) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AS_THE_BOT_DOES, database_url], capture_output=True, text=True, check=True
    )
    return done.stdout.strip() == "True"


def test_opening_a_current_database_imports_no_alembic(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)

    assert opened_with_alembic(url)  # a fresh file is migrated
    assert not opened_with_alembic(url)
