"""The global monthly cap, read from the projected views, and the admins' exemption."""

from datetime import UTC, datetime

import pytest

from adapters.sql.event_log import EventStoreLog
from adapters.sql.event_store import EventStoreAggregates
from application.billing.budgets import BudgetExemptions, GlobalBudget
from application.billing.usage import UsageService
from application.chat.replies import describe_failure
from application.errors import BudgetExceeded
from application.projection.catch_up import Projector
from domain.access import AccessLedger
from domain.budget import Exceeded, Limits
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage
from entrypoints.settings import Settings
from tests.fakes.clock import FakeClock
from tests.fakes.views import FakeAnalyticsViews

MODEL = "priced-model"
PRICES = PriceTable({MODEL: ModelPrice(input_micros_per_mtok=1_000_000)})  # one micro-dollar a token
NOV_30 = datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
ADMIN = 42


class Bot:
    def __init__(
        self, cap: int | None, exemptions: BudgetExemptions | None = None, limits: Limits | None = None
    ):
        self.store, self.clock, self.views = (
            EventStoreAggregates.in_memory(),
            FakeClock(NOV_30),
            FakeAnalyticsViews(),
        )
        self.projector = Projector(EventStoreLog(self.store.app), self.views)
        budget = GlobalBudget(self.views, cap)
        self.usage = UsageService(self.store, self.clock, PRICES, limits or Limits(), budget, exemptions)

    async def spend(self, user_id: int, tokens: int, request_id: str, checked: bool = True) -> None:
        if checked:
            await self.usage.ensure_within_budget(user_id, MODEL, tokens)
        await self.usage.record(user_id, request_id, ModelUsage(MODEL, input_tokens=tokens))
        self.projector.catch_up()


async def test_the_global_cap_refuses_everyone_once_the_months_spending_reaches_it() -> None:
    bot = Bot(cap=1_000)
    await bot.spend(1, 600, "a")
    await bot.spend(2, 300, "b")

    with pytest.raises(BudgetExceeded) as refused:
        await bot.usage.ensure_within_budget(3, MODEL, 101)

    assert (refused.value.exceeded, refused.value.limit) == (Exceeded.GLOBAL_MONTHLY_COST, 1_000)
    assert "budget for the month" in (describe_failure(refused.value, "en") or "")
    assert "бюджет" in (describe_failure(refused.value, "ru") or "")
    await bot.usage.ensure_within_budget(3, MODEL, 100)


async def test_last_months_spending_does_not_count_against_this_months_cap() -> None:
    bot = Bot(cap=1_000)
    await bot.spend(1, 900, "october-end")
    bot.clock.advance(hours=2)  # 2026-12-01 01:00 UTC

    await bot.usage.ensure_within_budget(1, MODEL, 900)


async def test_without_a_cap_nothing_global_is_checked() -> None:
    bot = Bot(cap=None)
    await bot.spend(1, 10_000, "a")

    await bot.usage.ensure_within_budget(2, MODEL, 10_000)


@pytest.mark.parametrize(("exempt", "refused"), [(True, False), (False, True)])
async def test_configured_admins_are_exempt_only_when_configured(exempt: bool, refused: bool) -> None:
    bot = Bot(
        cap=100, exemptions=BudgetExemptions(exempt, frozenset({ADMIN})), limits=Limits(daily_micros=50)
    )
    await bot.spend(1, 100, "fill-the-cap", checked=False)

    try:
        await bot.usage.ensure_within_budget(ADMIN, MODEL, 80)
        was_refused = False
    except BudgetExceeded:
        was_refused = True

    assert was_refused is refused


async def test_admins_promoted_in_the_bot_are_exempt_too() -> None:
    bot = Bot(cap=100, exemptions=BudgetExemptions(True, frozenset()))
    await bot.spend(1, 100, "fill-the-cap")
    access = AccessLedger(user_id=7, at=NOV_30)
    access.promote_to_admin(by=ADMIN, at=NOV_30)
    await bot.store.save(access)

    await bot.usage.ensure_within_budget(7, MODEL, 500)
    with pytest.raises(BudgetExceeded):
        await bot.usage.ensure_within_budget(8, MODEL, 500)


def test_the_settings_read_the_cap_in_dollars_and_the_exemption() -> None:
    settings = Settings(budget_global_monthly_usd="12.5", budget_admins_exempt="true", _env_file=None)  # type: ignore[arg-type, call-arg]
    blank = Settings(budget_global_monthly_usd="", _env_file=None)  # type: ignore[arg-type, call-arg]

    assert settings.global_monthly_micros() == 12_500_000 and settings.budget_admins_exempt is True
    assert blank.global_monthly_micros() is None and blank.budget_admins_exempt is False
