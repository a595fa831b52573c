"""The dashboard's queries over the analytics views: a page at a time, summed in the database."""

from collections.abc import Collection
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, or_, select

from adapters.sql.views import tables as t
from adapters.sql.views.queries import MOST_IDS, SqlViewQueries
from adapters.sql.views.rows import connected, counts_of, utc
from application.dashboard.model import DayTotal, UserLine, UserSort, UsersQuery
from application.projection.changes import CONVERSATION_KINDS, MESSAGE_TOPICS
from application.views import LedgerHead, ModelDay, PauseView, TimelineEntry, UsageCounts, UserTotals

MESSAGE_KINDS = tuple(CONVERSATION_KINDS[topic] for topic in MESSAGE_TOPICS)
"""The timeline kinds the projection counts as one message each."""


def _summed(table: Any) -> list[ColumnElement[Any]]:
    return [func.coalesce(func.sum(table.c[name]), 0).label(name) for name in t.COUNTERS]


class SqlDashboardViews(SqlViewQueries):
    def day_totals(self, user_id: int | None, since: date, until: date) -> list[DayTotal]:
        if user_id is None:
            return self._everyones_days(since, until)
        c = t.daily.c
        query = select(c.day, *_summed(t.daily)).where(c.user_id == user_id, c.day >= since, c.day <= until)
        with connected(self.engine, self.shown_as) as connection:
            rows = connection.execute(query.group_by(c.day).order_by(c.day)).mappings().all()
        return [DayTotal(row["day"], counts_of(row)) for row in rows]

    def _everyones_days(self, since: date, until: date) -> list[DayTotal]:
        """Summed from the few rows a day of the per-model days and the kinds' counts, not from a row
        per user and day: a 90-day overview read every row of analytics_daily (344,000 rows for 10,000
        users, 0.3 s of SQLite) and now reads about 700. Messages have no model: they are the
        timeline's message and reply entries of the day, as the projection counts them."""
        m, k = t.model_days.c, t.kind_days.c
        usage = select(m.day, *_summed(t.model_days)).where(m.day >= since, m.day <= until).group_by(m.day)
        messages = (
            select(k.day, func.sum(k.count))
            .where(k.kind.in_(MESSAGE_KINDS), k.day >= since, k.day <= until)
            .group_by(k.day)
        )
        with connected(self.engine, self.shown_as) as connection:
            by_day = {row["day"]: counts_of(row) for row in connection.execute(usage).mappings()}
            for day, count in connection.execute(messages).tuples():
                counts = by_day.get(day, UsageCounts())
                by_day[day] = replace(counts, messages=counts.messages + int(count or 0))
        return [DayTotal(day, by_day[day]) for day in sorted(by_day)]

    def cost_between(self, since: date, until: date) -> int:
        """From the per-model days, as everyone's days above (the same sum of every charge)."""
        c = t.model_days.c
        query = select(func.coalesce(func.sum(c.cost_micros), 0)).where(c.day >= since, c.day <= until)
        with connected(self.engine, self.shown_as) as connection:
            return int(connection.execute(query).scalar() or 0)

    def model_days(self, since: date, until: date) -> list[ModelDay]:
        c = t.model_days.c
        query = select(t.model_days).where(c.day >= since, c.day <= until).order_by(c.day, c.model)
        with connected(self.engine, self.shown_as) as connection:
            rows = connection.execute(query).mappings().all()
        return [ModelDay(row["day"], row["model"], counts_of(row)) for row in rows]

    def kind_counts(self, since: date | None, until: date | None) -> dict[str, int]:
        c = t.kind_days.c
        query = select(c.kind, func.sum(c.count)).group_by(c.kind)
        if since is not None:
            query = query.where(c.day >= since)
        if until is not None:
            query = query.where(c.day <= until)
        with connected(self.engine, self.shown_as) as connection:
            return {kind: int(n or 0) for kind, n in connection.execute(query).tuples()}

    def users_page(self, query: UsersQuery) -> tuple[int, list[UserTotals]]:
        totals = self._totals(query)
        # The count rides along on each row of the page: a range's totals are summed once, not again
        # for the count (a 90-day page summed analytics_daily's 344,000 rows twice).
        rows = self._searched(select(totals, func.count().over().label("found")), totals, query.search)
        rows = rows.order_by(*self._order(totals, query)).limit(query.per_page)
        rows = rows.offset((query.page - 1) * query.per_page)
        with connected(self.engine, self.shown_as) as connection:
            page = connection.execute(rows).mappings().all()
            if page:
                count = int(page[0]["found"])
            else:  # past the last page: no row to carry the count
                found = self._searched(select(totals.c.user_id).select_from(totals), totals, query.search)
                count = int(
                    connection.execute(select(func.count()).select_from(found.subquery())).scalar() or 0
                )
        return count, [
            UserTotals(int(r["user_id"]), counts_of(r), utc(r["first_seen"]), utc(r["last_seen"]))
            for r in page
        ]

    def user_lines(self, query: UsersQuery, period: str) -> list[UserLine]:
        totals = self._totals(query)
        p, h = t.people.c, t.ledger_heads.c
        lines = self._searched(
            select(
                totals.c.user_id,
                p.name,
                p.username,
                p.admin,
                p.granted,
                p.banned,
                totals.c.first_seen,
                totals.c.last_seen,
                func.coalesce(p.budget_set, False),
                p.monthly_budget_micros,
                func.coalesce(h.cost_micros, 0),
                *(totals.c[name] for name in t.COUNTERS),
            ),
            totals,
            query.search,
        ).outerjoin(t.ledger_heads, and_(h.user_id == totals.c.user_id, h.period == period))
        with connected(self.engine, self.shown_as) as connection:
            rows = connection.execute(lines.order_by(*self._order(totals, query))).tuples().all()
        return [
            UserLine(
                user,
                name,
                username,
                bool(admin),
                bool(granted),
                bool(banned),
                utc(first),
                utc(last),
                tuple(map(int, counters)),  # PostgreSQL's sums of BIGINT are NUMERIC
                int(spent),
                bool(budget),
                None if monthly is None else int(monthly),
            )
            for user, name, username, admin, granted, banned, first, last, budget, monthly, spent, *counters in rows
        ]

    @staticmethod
    def _totals(query: UsersQuery) -> Any:
        """All-time totals, or each user's totals over the range's days, as one table to sort and page:
        their running totals at their last day within the range less those at their last day before
        it (two rows a user, where a sum over analytics_daily read every day of the range: 170 ms of
        SQLite for 90 days of 10,000 users). Users with no day in the range are left out."""
        if query.range is None:
            return t.users.alias("totals")
        u, r = t.users.c, t.running.c

        def last_day(*within: ColumnElement[bool]) -> Any:
            latest = select(r.day).where(r.user_id == u.user_id, *within).order_by(r.day.desc()).limit(1)
            return latest.scalar_subquery()

        # Each user's two days found first, user by user, then their two rows read by key: joined on
        # the subqueries themselves, SQLite scanned every running row and ran them for each (190 ms).
        ends = (
            select(
                u.user_id,
                u.first_seen,
                u.last_seen,
                last_day(r.day <= query.range.until).label("end_day"),
                last_day(r.day < query.range.since).label("start_day"),
            )
            .cte("ends")
            .prefix_with("MATERIALIZED")
        )
        upto, before = t.running.alias("upto"), t.running.alias("before")
        counted = [(upto.c[name] - func.coalesce(before.c[name], 0)).label(name) for name in t.COUNTERS]
        return (
            select(ends.c.user_id, *counted, ends.c.first_seen, ends.c.last_seen)
            .join_from(ends, upto, and_(upto.c.user_id == ends.c.user_id, upto.c.day == ends.c.end_day))
            .outerjoin(before, and_(before.c.user_id == ends.c.user_id, before.c.day == ends.c.start_day))
            .where(ends.c.end_day >= query.range.since)
            .subquery("totals")
        )

    @staticmethod
    def _searched(query: Select[Any], totals: Any, search: str) -> Select[Any]:
        p = t.people.c
        query = query.outerjoin(t.people, p.user_id == totals.c.user_id)
        search = search.strip()
        if not search:
            return query
        pattern = "%" + search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        matches = [
            func.lower(p.name).like(pattern, escape="\\"),
            func.lower(p.username).like(pattern, escape="\\"),
            cast(totals.c.user_id, String).like(pattern, escape="\\"),
        ]
        return query.where(or_(*matches))

    @staticmethod
    def _order(totals: Any, query: UsersQuery) -> list[Any]:
        c = totals.c
        key: Any = {
            UserSort.SPEND: c.cost_micros,
            UserSort.REQUESTS: c.requests,
            UserSort.TOKENS: c.input_tokens + c.output_tokens,
            UserSort.FIRST_SEEN: c.first_seen,
            UserSort.LAST_SEEN: c.last_seen,
            UserSort.USER_ID: c.user_id,
            UserSort.NAME: func.lower(func.coalesce(t.people.c.name, "")),
        }[query.sort]
        tie = c.user_id.desc() if query.descending else c.user_id
        return [key.desc() if query.descending else key.asc(), tie]

    def pause(self) -> PauseView | None:
        with connected(self.engine, self.shown_as) as connection:
            row = connection.execute(select(t.pause)).mappings().first()
        if row is None:
            return None
        changed = row["changed_at"]
        return PauseView(bool(row["paused"]), row["changed_by"], None if changed is None else utc(changed))

    def month_costs(self, user_ids: Collection[int], period: str) -> dict[int, int]:
        if not user_ids:
            return {}
        h = t.ledger_heads.c
        query = select(h.user_id, h.cost_micros).where(h.period == period)
        if len(user_ids) <= MOST_IDS:
            query = query.where(h.user_id.in_(list(user_ids)))
        with connected(self.engine, self.shown_as) as connection:
            return {int(user): int(cost) for user, cost in connection.execute(query).tuples()}

    def timeline_page(self, user_id: int, before: int | None, limit: int) -> list[TimelineEntry]:
        c = t.timeline.c
        query = select(t.timeline).where(c.user_id == user_id)
        if before is not None:
            query = query.where(c.position < before)
        query = query.order_by(c.position.desc()).limit(max(0, limit))
        with connected(self.engine, self.shown_as) as connection:
            rows = connection.execute(query).mappings().all()
        return [
            TimelineEntry(
                int(r["position"]), int(r["user_id"]), r["kind"], utc(r["at"]), r["text"], r["cost_micros"]
            )
            for r in rows
        ]

    def ledger_heads(self, user_id: int | None, limit: int, offset: int) -> tuple[int, list[LedgerHead]]:
        c = t.ledger_heads.c
        chosen = select(t.ledger_heads)
        counted = select(func.count()).select_from(t.ledger_heads)
        if user_id is not None:
            chosen, counted = chosen.where(c.user_id == user_id), counted.where(c.user_id == user_id)
        chosen = chosen.order_by(c.period.desc(), c.user_id).limit(limit).offset(offset)
        with connected(self.engine, self.shown_as) as connection:
            count = int(connection.execute(counted).scalar() or 0)
            rows = connection.execute(chosen).mappings().all()
        return count, [
            LedgerHead(
                r["stream_id"],
                int(r["user_id"]),
                r["period"],
                int(r["records"]),
                r["head_digest"],
                utc(r["last_at"]) if r["last_at"] is not None else None,
                int(r["cost_micros"]),
            )
            for r in rows
        ]
