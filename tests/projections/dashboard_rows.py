"""The dashboard's SQL views read back in the shape the generated histories' expectations take."""

from datetime import date
from typing import Any

from sqlalchemy import create_engine, select

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.views import tables as t
from adapters.sql.views.rows import counts_of, utc
from application.views import LedgerHead, PauseView, Person
from tests.fakes.views import FakeAnalyticsViews
from tests.projections.history import DashboardTables


def fake_dashboard_tables(views: FakeAnalyticsViews) -> DashboardTables:
    tables = views.tables
    return DashboardTables(
        tables.model_days, tables.kind_days, tables.people, tables.ledger_heads, tables.pause
    )


def sql_dashboard_tables(url: str) -> DashboardTables:
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            found = DashboardTables()
            for row in connection.execute(select(t.model_days)).mappings():
                found.model_days[(_day(row["day"]), row["model"])] = counts_of(row)
            for row in connection.execute(select(t.kind_days)).mappings():
                found.kind_days[(_day(row["day"]), row["kind"])] = int(row["count"])
            for row in connection.execute(select(t.people)).mappings():
                at = row["registered_at"]
                found.people[row["user_id"]] = Person(
                    row["user_id"],
                    row["name"],
                    row["username"],
                    bool(row["admin"]),
                    bool(row["granted"]),
                    bool(row["banned"]),
                    None if at is None else utc(at),
                    bool(row["budget_set"]),
                    row["monthly_budget_micros"],
                )
            for row in connection.execute(select(t.pause)).mappings():
                changed = row["changed_at"]
                found.pause = PauseView(
                    row["paused"], row["changed_by"], None if changed is None else utc(changed)
                )
            for row in connection.execute(select(t.ledger_heads)).mappings():
                last = row["last_at"]
                found.ledger_heads[row["stream_id"]] = LedgerHead(
                    row["stream_id"],
                    row["user_id"],
                    row["period"],
                    row["records"],
                    row["head_digest"],
                    None if last is None else utc(last),
                    row["cost_micros"],
                )
            return found
    finally:
        engine.dispose()


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
