"""The read-model queries of the SQL analytics views."""

from collections.abc import Collection, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, Select, and_, distinct, func, or_, select, text

from adapters.sql.views import tables as t
from adapters.sql.views.rows import connected, counts_of, utc
from application.projection import by_model
from application.views import DailyUsage, GlobalStats, Person, TimelineEntry, UsageCounts, UserTotals

MOST_IDS = 1000
"""Ids asked for in one IN list; for more (a CSV of every user) everyone's rows are read instead."""


class SqlViewQueries:
    def __init__(self, engine: Engine, shown_as: str) -> None:
        self.engine, self.shown_as = engine, shown_as

    def position(self) -> int:
        c = t.tracking.c
        query = select(c.notification_id).where(c.application_name == t.FOLLOWED)
        with connected(self.engine, self.shown_as) as connection:
            return int(connection.execute(query).scalar() or 0)

    def users(self) -> list[UserTotals]:
        query = select(t.users).order_by(t.users.c.cost_micros.desc(), t.users.c.user_id)
        return [self._user(row) for row in self._rows(query)]

    def user(self, user_id: int) -> UserTotals | None:
        rows = self._rows(select(t.users).where(t.users.c.user_id == user_id))
        return self._user(rows[0]) if rows else None

    def usage_days(self, user_id: int | None, since: date | None, until: date | None) -> list[DailyUsage]:
        c = t.daily.c
        query = self._daily(
            select(c.user_id, c.day, *(c[name] for name in t.COUNTERS)), user_id, since, until
        )
        # Read as plain tuples: an audit reads every row of a busy year here.
        with connected(self.engine, self.shown_as) as connection:
            rows = connection.execute(query).tuples().all()
            return [
                DailyUsage(int(user), day, UsageCounts(*(int(n or 0) for n in counters)))
                for user, day, *counters in rows
            ]

    def usage_day_counts(
        self, fields: Sequence[str], user_id: int | None, since: date | None, until: date | None
    ) -> dict[tuple[int, date], tuple[int, ...]]:
        c = t.daily.c
        query = self._daily(select(c.user_id, c.day, *(c[name] for name in fields)), user_id, since, until)
        # In the table's key order: a scan of the table itself, not of the day index (half the time).
        query = query.order_by(None).order_by(c.user_id, c.day)
        with connected(self.engine, self.shown_as) as connection:
            return {(row[0], row[1]): tuple(row[2:]) for row in connection.execute(query).tuples()}

    @staticmethod
    def _daily(
        query: Select[Any], user_id: int | None, since: date | None, until: date | None
    ) -> Select[Any]:
        c = t.daily.c
        query = query.order_by(c.day, c.user_id)
        if user_id is not None:
            query = query.where(c.user_id == user_id)
        if since is not None:
            query = query.where(c.day >= since)
        if until is not None:
            query = query.where(c.day <= until)
        return query

    def timeline(self, user_id: int, limit: int) -> list[TimelineEntry]:
        c = t.timeline.c
        query = (
            select(t.timeline).where(c.user_id == user_id).order_by(c.position.desc()).limit(max(0, limit))
        )
        entries = [
            TimelineEntry(
                int(r["position"]), int(r["user_id"]), r["kind"], utc(r["at"]), r["text"], r["cost_micros"]
            )
            for r in self._rows(query)
        ]
        return entries[::-1]

    def global_stats(self, today: date) -> GlobalStats:
        sums = [func.coalesce(func.sum(t.users.c[name]), 0).label(name) for name in t.COUNTERS]
        with connected(self.engine, self.shown_as) as connection:
            users = int(connection.execute(select(func.count()).select_from(t.users)).scalar() or 0)
            totals = counts_of(connection.execute(select(*sums)).mappings().one())
            active = [int(connection.execute(self._active(today, days)).scalar() or 0) for days in (1, 7, 30)]
            models = {row["model"]: counts_of(row) for row in connection.execute(select(t.models)).mappings()}
        return GlobalStats(users, active[0], active[1], active[2], totals, by_model(models))

    def cost_between(self, since: date, until: date) -> int:
        c = t.daily.c
        query = select(func.coalesce(func.sum(c.cost_micros), 0)).where(c.day >= since, c.day <= until)
        with connected(self.engine, self.shown_as) as connection:
            return int(connection.execute(query).scalar() or 0)

    def day_range(self) -> tuple[date, date] | None:
        query = select(func.min(t.daily.c.day), func.max(t.daily.c.day))
        with connected(self.engine, self.shown_as) as connection:
            first, last = connection.execute(query).one()
        return (first, last) if first is not None else None

    def size_bytes(self) -> int | None:
        with connected(self.engine, self.shown_as) as connection:
            if connection.dialect.name == "sqlite":
                pages = connection.execute(text("PRAGMA page_count")).scalar() or 0
                return int(pages) * int(connection.execute(text("PRAGMA page_size")).scalar() or 0)
            if connection.dialect.name == "postgresql":
                return int(
                    connection.execute(text("SELECT pg_database_size(current_database())")).scalar() or 0
                )
        return None

    def people(self, user_ids: Collection[int]) -> dict[int, Person]:
        if not user_ids:
            return {}
        p = t.people.c
        query = select(t.people)
        if len(user_ids) <= MOST_IDS:
            query = query.where(p.user_id.in_(list(user_ids)))
        with connected(self.engine, self.shown_as) as connection:
            rows = connection.execute(query).mappings().all()
        return {
            int(r["user_id"]): Person(
                int(r["user_id"]),
                r["name"],
                r["username"],
                bool(r["admin"]),
                bool(r["granted"]),
                bool(r["banned"]),
                utc(r["registered_at"]) if r["registered_at"] is not None else None,
                bool(r["budget_set"]),
                None if r["monthly_budget_micros"] is None else int(r["monthly_budget_micros"]),
            )
            for r in rows
        }

    @staticmethod
    def _active(today: date, days: int) -> Any:
        c = t.daily.c
        since = today - timedelta(days=days - 1)
        busy = or_(c.requests > 0, c.messages > 0)
        return select(func.count(distinct(c.user_id))).where(and_(c.day >= since, c.day <= today, busy))

    def _rows(self, query: Any) -> list[Any]:
        with connected(self.engine, self.shown_as) as connection:
            return list(connection.execute(query).mappings())

    @staticmethod
    def _user(row: Any) -> UserTotals:
        return UserTotals(int(row["user_id"]), counts_of(row), utc(row["first_seen"]), utc(row["last_seen"]))
