"""The analytics views of each kind: in memory, SQLite file, PostgreSQL database."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.sql.views.store import SqlAnalyticsViews
from tests.fakes.views import FakeAnalyticsViews
from tests.support.stores import sqlite_url

ViewsUnderTest = FakeAnalyticsViews | SqlAnalyticsViews


@pytest.fixture(
    params=[
        pytest.param("fake", id="fake"),
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def views(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ViewsUnderTest]:
    """Empty views of each kind in turn; the SQL ones are migrated by opening them."""
    if request.param == "fake":
        yield FakeAnalyticsViews()
        return
    url = sqlite_url(tmp_path) if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    opened = SqlAnalyticsViews.open(url)
    try:
        yield opened
    finally:
        opened.close()
