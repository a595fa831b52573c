"""Each user's running totals by day (analytics_running), kept in step with their daily rows.

A batch's days are added in two statements, each run once over all of them. First every day without a
row yet gets one, holding the user's totals at their latest earlier day: a day of nothing, which keeps
every row the user's totals up to its day. Then each day's counts are added to the user's row for that
day and to every later row of theirs (none, unless the day came after a later one). So a range's totals
are two rows per user, whatever the order the days came in (ADR 49)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Connection, Date, and_, bindparam, exists, func, insert, select, update

from adapters.sql.views import tables as t

ADDED = {name: f"added_{name}" for name in t.COUNTERS}
"""The bound parameter of each counter's new counts (not the column's own name, which the UPDATE's
SET clause would take as its value)."""


def add_running(connection: Connection, days: Sequence[tuple[int, date, Sequence[int]]]) -> None:
    """Add each (user, day, counts in COUNTERS' order) to the user's running totals."""
    if not days:
        return
    keys = [{"of_user": user, "of_day": day} for user, day, _ in days]
    connection.execute(_carried_forward(), keys)
    added = [
        {"of_user": user, "of_day": day, **dict(zip(ADDED.values(), counts, strict=True))}
        for user, day, counts in days
    ]
    connection.execute(_added_on_and_after(), added)


def _keys() -> tuple[Any, Any]:
    return bindparam("of_user", type_=BigInteger), bindparam("of_day", type_=Date)


def _carried_forward() -> Any:
    """A row for the day, when it has none, with the totals of the user's latest earlier row (or none)."""
    c = t.running.c
    user, day = _keys()

    def latest_before(name: str) -> Any:
        latest = select(c[name]).where(c.user_id == user, c.day < day).order_by(c.day.desc()).limit(1)
        return func.coalesce(latest.scalar_subquery(), 0)

    there = exists().where(and_(c.user_id == user, c.day == day))
    values = select(user, day, *(latest_before(name) for name in t.COUNTERS)).where(~there)
    return insert(t.running).from_select(["user_id", "day", *t.COUNTERS], values)


def _added_on_and_after() -> Any:
    c = t.running.c
    user, day = _keys()
    return (
        update(t.running)
        .where(c.user_id == user, c.day >= day)
        .values({name: c[name] + bindparam(ADDED[name], type_=BigInteger) for name in t.COUNTERS})
    )
