"""Spending limits and the check made before every model call."""

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Limits:
    """None means no limit of that kind."""

    daily_micros: int | None = None
    monthly_micros: int | None = None
    daily_tokens: int | None = None
    monthly_tokens: int | None = None

    def as_tuple(self) -> tuple[int | None, int | None, int | None, int | None]:
        return (self.daily_micros, self.monthly_micros, self.daily_tokens, self.monthly_tokens)


@dataclass(frozen=True)
class Spent:
    tokens: int = 0
    cost_micros: int = 0

    def plus(self, other: "Spent") -> "Spent":
        return Spent(self.tokens + other.tokens, self.cost_micros + other.cost_micros)


class Exceeded(StrEnum):
    DAILY_COST = "daily_cost"
    MONTHLY_COST = "monthly_cost"
    DAILY_TOKENS = "daily_tokens"
    MONTHLY_TOKENS = "monthly_tokens"
    GLOBAL_MONTHLY_COST = "global_monthly_cost"


@dataclass(frozen=True)
class BudgetVerdict:
    allowed: bool
    exceeded: Exceeded | None = None
    limit: int | None = None


def check_budget(limits: Limits, today: Spent, month: Spent, estimate: Spent) -> BudgetVerdict:
    """Refuse a call whose estimated cost would take the user past any limit."""
    day_after, month_after = today.plus(estimate), month.plus(estimate)
    checks = (
        (Exceeded.DAILY_COST, limits.daily_micros, day_after.cost_micros),
        (Exceeded.MONTHLY_COST, limits.monthly_micros, month_after.cost_micros),
        (Exceeded.DAILY_TOKENS, limits.daily_tokens, day_after.tokens),
        (Exceeded.MONTHLY_TOKENS, limits.monthly_tokens, month_after.tokens),
    )
    for kind, limit, value in checks:
        if limit is not None and value > limit:
            return BudgetVerdict(False, kind, limit)
    return BudgetVerdict(True)


def remaining(limit: int | None, spent: int) -> int | None:
    return None if limit is None else max(0, limit - spent)
