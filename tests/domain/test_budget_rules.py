"""The budget check: a call is refused exactly when it would take spending past a limit."""

from hypothesis import given
from hypothesis import strategies as st

from domain.budget import BudgetVerdict, Exceeded, Limits, Spent, check_budget, remaining

amounts = st.integers(min_value=0, max_value=10**9)
maybe_limits = st.none() | amounts
limits = st.builds(Limits, maybe_limits, maybe_limits, maybe_limits, maybe_limits)
spent = st.builds(Spent, amounts, amounts)


def breaches(limits: Limits, today: Spent, month: Spent, estimate: Spent) -> list[tuple[Exceeded, int]]:
    checks = [
        (Exceeded.DAILY_COST, limits.daily_micros, today.cost_micros + estimate.cost_micros),
        (Exceeded.MONTHLY_COST, limits.monthly_micros, month.cost_micros + estimate.cost_micros),
        (Exceeded.DAILY_TOKENS, limits.daily_tokens, today.tokens + estimate.tokens),
        (Exceeded.MONTHLY_TOKENS, limits.monthly_tokens, month.tokens + estimate.tokens),
    ]
    return [(kind, limit) for kind, limit, after in checks if limit is not None and after > limit]


@given(limits=limits, today=spent, month=spent, estimate=spent)
def test_a_call_is_refused_exactly_when_it_would_pass_a_limit(
    limits: Limits, today: Spent, month: Spent, estimate: Spent
) -> None:
    verdict = check_budget(limits, today, month, estimate)

    found = breaches(limits, today, month, estimate)
    if found:
        kind, limit = found[0]
        assert verdict == BudgetVerdict(False, kind, limit)
    else:
        assert verdict == BudgetVerdict(True)


@given(limits=limits, today=spent, month=spent, estimate=spent, smaller=spent)
def test_a_cheaper_call_is_allowed_whenever_a_dearer_one_is(
    limits: Limits, today: Spent, month: Spent, estimate: Spent, smaller: Spent
) -> None:
    cheaper = Spent(min(estimate.tokens, smaller.tokens), min(estimate.cost_micros, smaller.cost_micros))

    if check_budget(limits, today, month, estimate).allowed:
        assert check_budget(limits, today, month, cheaper).allowed


@given(today=spent, month=spent, estimate=spent)
def test_without_limits_every_call_is_allowed(today: Spent, month: Spent, estimate: Spent) -> None:
    assert check_budget(Limits(), today, month, estimate).allowed


@given(limit=maybe_limits, used=amounts)
def test_what_remains_is_never_negative_and_unlimited_stays_unlimited(limit: int | None, used: int) -> None:
    left = remaining(limit, used)

    if limit is None:
        assert left is None
    else:
        assert left == max(0, limit - used)
