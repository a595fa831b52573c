"""Migration 0006 adds admins' budgets and the pause switch to a store at 0005: it empties every view
and the tracking row, so the next projection projects the whole log again and fills the new columns."""

from alembic import command
from sqlalchemy import create_engine, inspect

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.views.migrate import alembic_config, is_current
from adapters.sql.views.store import SqlAnalyticsViews
from application.projection.catch_up import Projector
from application.views import PauseView
from tests.projections.dashboard_rows import sql_dashboard_tables
from tests.projections.earlier_views import views_left_at
from tests.projections.history import (
    NAMED,
    STEPS,
    Action,
    Message,
    Pause,
    Register,
    at,
    expected_dashboard_tables,
    write,
)
from tests.projections.view_rows import view_rows

BUDGET = STEPS.index("budget_set")
HISTORY: list[Action] = [
    Register(1, 0, NAMED, "Ada", "ada"),
    Register(1, 5, BUDGET),
    Register(2, 10, 0),
    Register(2, 11, BUDGET),
    Message(1, 20, "hello"),
    Pause(7, 30, True),
    Pause(7, 31, True),
]


def test_a_store_at_0005_gets_budgets_and_the_pause_from_the_next_projection(durable_store_url: str) -> None:
    store = EventStoreAggregates.from_database_url(durable_store_url)
    try:
        write(store, HISTORY)
        log = EventStoreLog(store.app)
        views_left_at(  # no budget kept by the earlier release
            durable_store_url,
            "0005",
            log,
            ("INSERT INTO analytics_people (user_id, name) VALUES (1, 'Ada')", {}),
        )
        engine = create_engine(sqlalchemy_url(durable_store_url))
        try:
            assert "analytics_pause" not in inspect(engine).get_table_names()
        finally:
            engine.dispose()

        views = SqlAnalyticsViews.open(durable_store_url)
        try:
            assert is_current(views.engine) and views.position() == 0
            assert not any(view_rows(durable_store_url).values())
            Projector(log, views).catch_up()
        finally:
            views.close()

        found = sql_dashboard_tables(durable_store_url)
        assert found == expected_dashboard_tables(HISTORY)
        ada, other = found.people[1], found.people[2]
        assert (ada.budget_set, ada.monthly_budget_micros) == (True, 1_000_000)
        assert (other.budget_set, other.monthly_budget_micros) == (True, None)  # limits with no monthly cap
        assert found.pause == PauseView(True, 7, at(30))  # the second pause recorded nothing
    finally:
        store.close()


def test_downgrading_0006_drops_the_budget_columns_and_the_pause(durable_store_url: str) -> None:
    views = SqlAnalyticsViews.open(durable_store_url)
    config = alembic_config()
    try:
        with views.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        columns = {column["name"] for column in inspect(views.engine).get_columns("analytics_people")}
        assert "analytics_pause" not in inspect(views.engine).get_table_names()
        assert not {"budget_set", "monthly_budget_micros"} & columns and "banned" in columns
    finally:
        views.close()
