"""The dashboard's views with users known by id only (ANALYTICS_PSEUDONYMOUS): no name or @handle in a
page, the API or a CSV, and none found by a search or given away by an order."""

from collections.abc import Collection
from dataclasses import replace
from datetime import date

from application.dashboard.model import DayTotal, UserLine, UserSort, UsersQuery
from application.dashboard.ports import DashboardViews
from application.views import GlobalStats, LedgerHead, ModelDay, PauseView, Person, TimelineEntry, UserTotals


def by_id_only(query: UsersQuery) -> UsersQuery | None:
    """The query with an order by name made one by id; None for a search that is not part of an id
    (it could only find names)."""
    search = query.search.strip()
    if search and not search.isdigit():
        return None
    return replace(query, sort=UserSort.USER_ID) if query.sort is UserSort.NAME else query


class PseudonymousViews:
    """Answers as the views do, without the names."""

    def __init__(self, views: DashboardViews) -> None:
        self.views = views

    def users_page(self, query: UsersQuery) -> tuple[int, list[UserTotals]]:
        by_id = by_id_only(query)
        return (0, []) if by_id is None else self.views.users_page(by_id)

    def user_lines(self, query: UsersQuery, period: str) -> list[UserLine]:
        by_id = by_id_only(query)
        lines = [] if by_id is None else self.views.user_lines(by_id, period)
        return [line._replace(name=None, username=None) for line in lines]

    def people(self, user_ids: Collection[int]) -> dict[int, Person]:
        found = self.views.people(user_ids)
        return {i: replace(person, name=None, username=None) for i, person in found.items()}

    def global_stats(self, today: date) -> GlobalStats:
        return self.views.global_stats(today)

    def cost_between(self, since: date, until: date) -> int:
        return self.views.cost_between(since, until)

    def position(self) -> int:
        return self.views.position()

    def day_totals(self, user_id: int | None, since: date, until: date) -> list[DayTotal]:
        return self.views.day_totals(user_id, since, until)

    def model_days(self, since: date, until: date) -> list[ModelDay]:
        return self.views.model_days(since, until)

    def kind_counts(self, since: date | None, until: date | None) -> dict[str, int]:
        return self.views.kind_counts(since, until)

    def user(self, user_id: int) -> UserTotals | None:
        return self.views.user(user_id)

    def pause(self) -> PauseView | None:
        return self.views.pause()

    def month_costs(self, user_ids: Collection[int], period: str) -> dict[int, int]:
        return self.views.month_costs(user_ids, period)

    def timeline_page(self, user_id: int, before: int | None, limit: int) -> list[TimelineEntry]:
        return self.views.timeline_page(user_id, before, limit)

    def ledger_heads(self, user_id: int | None, limit: int, offset: int) -> tuple[int, list[LedgerHead]]:
        return self.views.ledger_heads(user_id, limit, offset)
