"""Every row of the SQL views and their position, in a form two states of the views compare by."""

from typing import Any

from sqlalchemy import create_engine, text

from adapters.sql.database_url import sqlalchemy_url
from adapters.sql.views import tables as t


def view_rows(url: str) -> dict[str, list[Any]]:
    engine = create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as connection:
            return {
                table.name: sorted(map(tuple, connection.execute(text(f"SELECT * FROM {table.name}"))))
                for table in (*t.VIEW_TABLES, t.tracking)
            }
    finally:
        engine.dispose()
