"""A rebuild stores timestamps in SQLite exactly as the row-by-row projection does."""

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Date, DateTime
from sqlalchemy.dialects import sqlite

from adapters.sql.views.bulk import sqlite_date_text, sqlite_datetime_text, sqlite_text_of_row_time

SQLALCHEMY_TEXT = DateTime(timezone=True).dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
SQLALCHEMY_DATE = Date().dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())


@given(st.datetimes(timezones=st.just(UTC)))
def test_the_fast_text_equals_sqlalchemys_for_every_utc_timestamp(at: datetime) -> None:
    assert SQLALCHEMY_TEXT is not None
    assert sqlite_datetime_text(at) == SQLALCHEMY_TEXT(at)


@given(st.datetimes(timezones=st.just(UTC)))
def test_a_timeline_rows_time_text_is_stored_as_sqlalchemy_stores_the_time(at: datetime) -> None:
    assert SQLALCHEMY_TEXT is not None
    assert sqlite_text_of_row_time(at.isoformat(" ", "microseconds")) == SQLALCHEMY_TEXT(at)


@given(st.dates())
def test_the_fast_date_text_equals_sqlalchemys_for_every_day(day: date) -> None:
    assert SQLALCHEMY_DATE is not None
    assert sqlite_date_text(day) == SQLALCHEMY_DATE(day)
