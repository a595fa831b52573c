"""Each user's running totals by day (analytics_running), kept in step with their daily rows.

Days come mostly in order: a batch's days are on or after each user's latest stored day. Those rows
are worked out here, from the user's latest row, and written in one statement. (`gptbot audit rebuild`
of the audit bench's million events: 31 s without running totals, 36 s with them written this way, 45 s
with every day going the general way below.)

A user with a day before their latest stored one (an event projected after later days) goes the
general way, in two statements over all their days: every day without a row yet gets one, holding the
user's totals at their latest earlier day (a day of nothing, which keeps every row the user's totals
up to its day); then each day's counts are added to its row and to every later row of theirs. Either
way a range's totals are two rows per user (ADR 49)."""

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Date,
    and_,
    bindparam,
    exists,
    func,
    insert,
    select,
    update,
)

from adapters.sql.views import tables as t
from adapters.sql.views.bulk import upsert_rows

Day = tuple[int, date, Sequence[int]]
"""A user, a day, and the day's new counts in COUNTERS' order."""
RUNNING_COLUMNS = ("user_id", "day", *t.COUNTERS)
MOST_IDS = 500
"""Users whose latest rows are read in one statement."""
ADDED = {name: f"added_{name}" for name in t.COUNTERS}
"""The bound parameter of each counter's new counts (not the column's own name, which the UPDATE's
SET clause would take as its value)."""


def add_running(connection: Connection, days: Sequence[Day]) -> None:
    """Add each day's counts to its user's running totals."""
    if not days:
        return
    by_user: dict[int, list[Day]] = {}
    for day in days:
        by_user.setdefault(day[0], []).append(day)
    latest = _latest_rows(connection, list(by_user))
    rows: list[tuple[Any, ...]] = []
    out_of_order: list[Day] = []
    for user, theirs in by_user.items():
        stored = latest.get(user)
        if stored is not None and min(day for _, day, _ in theirs) < stored[0]:
            out_of_order += theirs
        else:
            rows += _in_order(user, stored[1] if stored else (0,) * len(t.COUNTERS), theirs)
    upsert_rows(connection, t.running, ("user_id", "day"), RUNNING_COLUMNS, rows, replaced=t.COUNTERS)
    if out_of_order:
        keys = [{"of_user": user, "of_day": day} for user, day, _ in out_of_order]
        connection.execute(_carried_forward(), keys)
        added = [
            {"of_user": user, "of_day": day, **dict(zip(ADDED.values(), counts, strict=True))}
            for user, day, counts in out_of_order
        ]
        connection.execute(_added_on_and_after(), added)


def _in_order(user: int, totals: Sequence[int], days: list[Day]) -> Iterator[tuple[Any, ...]]:
    """The user's rows for days on or after their latest stored one, whose totals are `totals`."""
    running = list(totals)
    for _, day, counts in sorted(days, key=lambda d: d[1]):
        running = [total + n for total, n in zip(running, counts, strict=True)]
        yield (user, day, *running)


def _latest_rows(connection: Connection, users: list[int]) -> dict[int, tuple[date, tuple[int, ...]]]:
    """Each user's latest running row: its day and totals; none for a user without rows."""
    r = t.running.c
    found: dict[int, tuple[date, tuple[int, ...]]] = {}
    for start in range(0, len(users), MOST_IDS):
        chunk = users[start : start + MOST_IDS]
        last = (
            select(r.user_id, func.max(r.day).label("day"))
            .where(r.user_id.in_(chunk))
            .group_by(r.user_id)
            .subquery("last")
        )
        query = select(t.running).join(last, and_(r.user_id == last.c.user_id, r.day == last.c.day))
        for row in connection.execute(query).tuples():
            found[int(row[0])] = (row[1], tuple(int(n) for n in row[2:]))
    return found


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
