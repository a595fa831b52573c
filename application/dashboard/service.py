"""The dashboard's use cases: read-only answers from the analytics views, synchronous like the views."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from application.dashboard.model import (
    AuditStatus,
    BudgetUse,
    DayRange,
    DayTotal,
    ExportedUser,
    Overview,
    UserDetail,
    UserRow,
    UsersPage,
    UsersQuery,
)
from application.dashboard.ports import AuditVerdicts, DashboardViews
from application.ports import Clock
from application.views import Person, UsageCounts, UserTotals
from domain.clock import month_of

TIMELINE_PAGE = 50
LEDGER_PAGE = 50


@dataclass(frozen=True)
class Standing:
    """Who the settings name: admins and allowlisted users (the access ledger can name more)."""

    admin_ids: frozenset[int] = frozenset()
    allowed_ids: frozenset[int] = frozenset()
    global_monthly_micros: int | None = None
    user_monthly_micros: int | None = None
    content_stored: bool = False
    pseudonymous: bool = False
    """Users shown by id only: the views hide their names (PseudonymousViews), the pages their column."""


class DashboardService:
    def __init__(
        self, views: DashboardViews, verdicts: AuditVerdicts, clock: Clock, standing: Standing
    ) -> None:
        self.views, self.verdicts, self.clock, self.standing = views, verdicts, clock, standing

    def today(self) -> date:
        return self.clock.now().date()

    def range_of(self, since: date | None, until: date | None) -> DayRange:
        return DayRange.of(since, until, self.today())

    def overview(self, days: DayRange) -> Overview:
        """Everyone's totals, today's and this month's spend against the global cap, and the range's days."""
        today = self.today()
        month_start = today.replace(day=1)
        cap = self.standing.global_monthly_micros
        totals = self.views.day_totals(None, days.since, days.until)
        all_kinds = self.views.kind_counts(None, None)
        return Overview(
            today=today,
            range=days,
            stats=self.views.global_stats(today),
            replies=all_kinds.get("reply", 0),
            resets=all_kinds.get("conversation_archived", 0),
            model_failures=model_failures(all_kinds),
            spend_today=BudgetUse(self.views.cost_between(today, today), None),
            spend_month=BudgetUse(self.views.cost_between(month_start, today), cap),
            in_range=sum((t.counts for t in totals), UsageCounts()),
            days=every_day(days, totals),
            model_days=tuple(self.views.model_days(days.since, days.until)),
            kinds_in_range=self.views.kind_counts(days.since, days.until),
            pause=self.views.pause(),
        )

    def users(self, query: UsersQuery) -> UsersPage:
        """One page of users in the order asked, with their standing and this month's budget use."""
        total, found = self.views.users_page(query)
        return UsersPage(query, total, tuple(self._rows(found)))

    def user_lines(self, query: UsersQuery) -> list[ExportedUser]:
        """Every user the query matches, in its order, each with their standing and monthly limit."""
        lines = self.views.user_lines(query, month_of(self.clock.now()))
        paused = self._paused()
        return [
            ExportedUser(
                line,
                self.standing_of(line.user_id, line.admin, line.granted, line.banned, paused),
                self.monthly_cap_of(line.budget_set, line.monthly_budget_micros),
            )
            for line in lines
        ]

    def monthly_cap_of(self, budget_set: bool, monthly_budget_micros: int | None) -> int | None:
        """The user's monthly cost limit: the one an admin set (/budget), else BUDGET_MONTHLY_USD's."""
        return monthly_budget_micros if budget_set else self.standing.user_monthly_micros

    def user(self, user_id: int, days: DayRange, before: int | None = None) -> UserDetail:
        """One user's totals, their days in the range, and a page of their timeline, newest first."""
        totals = self.views.user(user_id)
        _, ledgers = self.views.ledger_heads(user_id, LEDGER_PAGE, 0)
        return UserDetail(
            user_id=user_id,
            row=self._rows([totals])[0] if totals is not None else None,
            range=days,
            days=every_day(days, self.views.day_totals(user_id, days.since, days.until)),
            timeline=tuple(self.views.timeline_page(user_id, before, TIMELINE_PAGE)),
            content_stored=self.standing.content_stored,
            ledgers=tuple(ledgers),
        )

    def audit(self, page: int = 1) -> AuditStatus:
        """The last audit's verdict and a page of the ledgers' chain heads; the dashboard never audits."""
        count, heads = self.views.ledger_heads(None, LEDGER_PAGE, (max(1, page) - 1) * LEDGER_PAGE)
        return AuditStatus(self.verdicts.last(), count, tuple(heads))

    def admits(self, admin_id: int) -> bool:
        """Whether a session's admin may still look: named in ADMIN_IDS or promoted in the bot; the
        operator (0) of `gptbot dashboard` only while no admin is named."""
        admins = self.standing.admin_ids
        if admin_id in admins or (not admins and admin_id == 0):
            return True
        person = self.views.people([admin_id]).get(admin_id)
        return person is not None and person.admin and not person.banned

    def _rows(self, found: Sequence[UserTotals]) -> list[UserRow]:
        ids = [t.user_id for t in found]
        people = self.views.people(ids)
        month = self.views.month_costs(ids, month_of(self.clock.now()))
        paused = self._paused()
        return [
            UserRow(
                totals,
                person := people.get(totals.user_id) or Person(totals.user_id),
                self.standing_of(person.user_id, person.admin, person.granted, person.banned, paused),
                BudgetUse(
                    month.get(totals.user_id, 0),
                    self.monthly_cap_of(person.budget_set, person.monthly_budget_micros),
                ),
            )
            for totals in found
        ]

    def _paused(self) -> bool:
        pause = self.views.pause()
        return pause is not None and pause.paused

    def standing_of(
        self, user_id: int, admin: bool, granted: bool, banned: bool, paused: bool = False
    ) -> tuple[str, ...]:
        """Among admin, allowed, banned and paused: what the settings, the user's access ledger and the
        bot's pause switch say (a paused bot answers admins only)."""
        s = self.standing
        is_admin = user_id in s.admin_ids or admin
        if not (is_admin or granted or banned or paused or user_id in s.allowed_ids):
            return ()  # most users: admitted by the channel, or by an open bot
        status = []
        if is_admin:
            status.append("admin")
        if user_id in s.allowed_ids or granted:
            status.append("allowed")
        if banned:
            status.append("banned")
        if paused and not is_admin:
            status.append("paused")
        return tuple(status)


MODEL_FAILED = "failed:model_"
"""The timeline kinds of messages the model failed to answer (other failures are budgets and the like)."""


def model_failures(kinds: dict[str, int]) -> int:
    return sum(n for kind, n in kinds.items() if kind.startswith(MODEL_FAILED))


def every_day(days: DayRange, totals: Sequence[DayTotal]) -> tuple[DayTotal, ...]:
    by_day = {t.day: t.counts for t in totals}
    return tuple(DayTotal(day, by_day.get(day, UsageCounts())) for day in days.days())
