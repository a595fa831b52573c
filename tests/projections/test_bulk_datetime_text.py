"""Rows written in bulk store timestamps and days in SQLite exactly as SQLAlchemy's own inserts store
the same time in UTC and the same day."""

from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Date, DateTime
from sqlalchemy.dialects import sqlite

from adapters.sql.views.bulk import sqlite_utc_text

SQLALCHEMY_TEXT = DateTime(timezone=True).dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
SQLALCHEMY_DATE = Date().dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
offsets = st.timedeltas(
    min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23, minutes=59)
)
zones = st.one_of(st.just(UTC), st.builds(timezone, offsets))
moments = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=zones)


@given(moments)
def test_the_fast_text_equals_sqlalchemys_for_the_same_time_in_utc(at: datetime) -> None:
    assert SQLALCHEMY_TEXT is not None
    assert sqlite_utc_text(at) == SQLALCHEMY_TEXT(at.astimezone(UTC))


@given(st.dates())
def test_a_days_text_in_c_equals_sqlalchemys(day: date) -> None:
    assert SQLALCHEMY_DATE is not None
    assert day.isoformat() == SQLALCHEMY_DATE(day)
