"""A user's totals over a range of days, read from their running totals, equal the sum of their days in
that range, however the days arrived: in batches, in any order, a day again after later ones."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from adapters.sql.views import tables as t
from adapters.sql.views.dashboard_queries import SqlDashboardViews
from adapters.sql.views.store import SqlAnalyticsViews
from application.dashboard.model import DayRange, UserSort, UsersQuery
from application.projection import ViewChanges
from application.views import Seen, UsageCounts
from tests.support.stores import sqlite_url

FIRST_DAY = date(2026, 11, 1)
DAYS = 12
Day = tuple[int, date, UsageCounts]

counts = st.builds(
    UsageCounts,
    requests=st.integers(0, 5),
    input_tokens=st.integers(0, 10**6),
    output_tokens=st.integers(0, 10**4),
    cost_micros=st.integers(0, 10**9),
    messages=st.integers(0, 5),
    estimated_cost_micros=st.integers(0, 10**3),
)
days = st.tuples(
    st.integers(1, 4), st.integers(0, DAYS - 1).map(lambda n: FIRST_DAY + timedelta(days=n)), counts
)
batches = st.lists(st.lists(days, min_size=1, max_size=8), min_size=1, max_size=6)
ranges = st.tuples(st.integers(-1, DAYS), st.integers(0, DAYS + 1)).map(
    lambda ends: DayRange(FIRST_DAY + timedelta(days=min(ends)), FIRST_DAY + timedelta(days=max(ends)))
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        return sqlite_url(Path(tmp_path_factory.mktemp("running-totals")))
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def views(database_url: str) -> Iterator[tuple[SqlAnalyticsViews, SqlDashboardViews]]:
    written = SqlAnalyticsViews.open(database_url)
    try:
        yield written, SqlDashboardViews(written.engine, written.shown_as)
    finally:
        written.close()


def _apply(views: SqlAnalyticsViews, batches: list[list[Day]]) -> None:
    for position, batch in enumerate(batches, start=1):
        daily: dict[tuple[int, date], UsageCounts] = {}
        users: dict[int, UsageCounts] = {}
        seen: dict[int, Seen] = {}
        for user, day, counted in batch:
            daily[(user, day)] = daily.get((user, day), UsageCounts()) + counted
            users[user] = users.get(user, UsageCounts()) + counted
            noon = datetime.combine(day, time(12), UTC)
            seen[user] = seen[user] + Seen(noon, noon) if user in seen else Seen(noon, noon)
        views.apply(ViewChanges(position - 1, position, daily=daily, users=users, seen=seen))


def _summed(batches: list[list[Day]], since: date, until: date) -> dict[int, UsageCounts]:
    totals: dict[int, UsageCounts] = {}
    for user, day, counted in (day for batch in batches for day in batch):
        if since <= day <= until:
            totals[user] = totals.get(user, UsageCounts()) + counted
    return totals


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=batches, asked=ranges)
def test_a_ranges_totals_are_the_sum_of_its_days(
    views: tuple[SqlAnalyticsViews, SqlDashboardViews], batches: list[list[Day]], asked: DayRange
) -> None:
    written, dashboard = views
    written.reset()
    _apply(written, batches)

    count, page = dashboard.users_page(UsersQuery(sort=UserSort.USER_ID, descending=False, range=asked))

    expected = _summed(batches, asked.since, asked.until)
    assert {row.user_id: row.counts for row in page} == expected
    assert count == len(expected)
    lines = dashboard.user_lines(UsersQuery(sort=UserSort.USER_ID, descending=False, range=asked), "2026-11")
    assert {line.user_id: line.counts for line in lines} == {
        user: tuple(counted.as_dict().values()) for user, counted in expected.items()
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batches=batches)
def test_each_running_row_is_the_users_totals_up_to_its_day(
    views: tuple[SqlAnalyticsViews, SqlDashboardViews], batches: list[list[Day]]
) -> None:
    written, _ = views
    written.reset()
    _apply(written, batches)

    with written.engine.connect() as connection:
        rows = connection.execute(select(t.running)).mappings().all()

    stored = {(row["user_id"], row["day"]): UsageCounts(**{n: row[n] for n in t.COUNTERS}) for row in rows}
    every_day = {(user, day) for batch in batches for user, day, _ in batch}
    assert stored == {(user, day): _summed(batches, FIRST_DAY, day)[user] for user, day in every_day}
