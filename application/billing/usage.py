"""Recording model calls in the usage ledger, checking budgets before them, and reporting."""

from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, time
from uuid import UUID

from application.billing.budgets import BudgetExemptions, GlobalBudget
from application.errors import BudgetExceeded
from application.keyed_lock import KeyedLock
from application.ports import Aggregates, Clock, Metrics, NoMetrics
from application.retry import retry_on_conflict
from application.unit_of_work import UnitOfWork
from domain.access import AccessLedger
from domain.budget import Limits, Spent, check_budget, remaining
from domain.clock import month_of
from domain.ids import access_ledger_id_of, usage_ledger_id_of
from domain.pricing import PriceTable
from domain.usage import ModelUsage, Totals, UsageLedger


@dataclass(frozen=True)
class Recorded:
    cost_micros: int
    is_new: bool


@dataclass(frozen=True)
class UsageSummary:
    today: Totals
    month: Totals
    limits: Limits
    daily_micros_left: int | None
    monthly_micros_left: int | None
    daily_tokens_left: int | None
    monthly_tokens_left: int | None


def start_of_day(at: datetime) -> datetime:
    return datetime.combine(at.astimezone(UTC).date(), time(), tzinfo=UTC)


class UsageService:
    def __init__(
        self,
        store: Aggregates,
        clock: Clock,
        prices: PriceTable,
        default_limits: Limits,
        global_budget: GlobalBudget | None = None,
        exemptions: BudgetExemptions | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.store, self.clock, self.prices, self.default_limits = store, clock, prices, default_limits
        self.metrics = metrics or NoMetrics()
        self.global_budget, self.exemptions = global_budget, exemptions or BudgetExemptions()
        # One writer per ledger in this process, so concurrent calls queue instead of exhausting the
        # conflict retries; retries still cover writers in other processes.
        self._recording = KeyedLock()

    async def ledger_for(self, user_id: int, at: datetime) -> UsageLedger | None:
        return await self.store.get(self._ledger_id(user_id, at), UsageLedger)

    @staticmethod
    def _ledger_id(user_id: int, at: datetime) -> UUID:
        return usage_ledger_id_of(user_id, month_of(at))

    async def limits_for(self, user_id: int) -> Limits:
        return self._limits_of(await self._access_of(user_id))

    async def _access_of(self, user_id: int) -> AccessLedger | None:
        return await self.store.get(access_ledger_id_of(user_id), AccessLedger)

    def _limits_of(self, access: AccessLedger | None) -> Limits:
        if access is not None and access.budget is not None:
            return access.budget
        return self.default_limits

    async def ensure_within_budget(
        self,
        user_id: int,
        model: str,
        input_tokens: int,
        images: int = 0,
        unit: UnitOfWork | None = None,
        estimate_micros: int | None = None,
        web_searches: int = 0,
    ) -> None:
        """Raise BudgetExceeded if this call (its input tokens, images and the web searches it may make)
        could take the user past a limit.

        Reading the ledger here also proves it is reachable before any model is called; read through the
        caller's unit of work, it is read once for the check and the record. `estimate_micros` is the
        call's cost when the caller estimated it otherwise (audio, from its duration).
        """
        unit = unit or UnitOfWork(self.store)
        now = self.clock.now()
        ledger = await unit.get(self._ledger_id(user_id, now), UsageLedger)
        access = await unit.get(access_ledger_id_of(user_id), AccessLedger)
        if self.exemptions.exempts(user_id, access):
            return
        limits = self._limits_of(access)
        today, month = self._spent(ledger, now)
        estimate_cost = estimate_micros
        if estimate_cost is None:
            estimate_cost = self.prices.cost_micros(
                ModelUsage(model, input_tokens=input_tokens, images=images, web_searches=web_searches)
            )
        verdict = check_budget(limits, today, month, Spent(input_tokens, estimate_cost))
        try:
            if not verdict.allowed and verdict.exceeded is not None and verdict.limit is not None:
                raise BudgetExceeded(verdict.exceeded, verdict.limit)
            if self.global_budget is not None:
                await self.global_budget.ensure_within(now, estimate_cost)
        except BudgetExceeded:
            self.metrics.budget_refused()
            raise

    def recording(self, user_id: int) -> AbstractAsyncContextManager[None]:
        """One writer per ledger in this process while records are added and committed."""
        return self._recording.hold(user_id)

    async def add_record(
        self, unit: UnitOfWork, user_id: int, request_id: str, usage: ModelUsage
    ) -> Recorded:
        """The call's record at its price, added to the user's ledger in `unit` for its next commit;
        a request_id recorded before changes nothing."""
        return await self.add_priced(unit, user_id, request_id, usage, self.price_of(usage), self.clock.now())

    def price_of(self, usage: ModelUsage) -> int:
        """What the call costs in micro-dollars, at the prices in force."""
        return self.prices.cost_micros(usage)

    def audio_estimate_of(self, model: str, seconds: int) -> int:
        """A ceiling on what `seconds` of audio cost the model, for the check before the call."""
        return self.prices.audio_estimate_micros(model, seconds)

    async def add_priced(
        self, unit: UnitOfWork, user_id: int, request_id: str, usage: ModelUsage, cost: int, at: datetime
    ) -> Recorded:
        """A record priced and dated already (one kept in the spend journal), added to the ledger of its
        month in `unit` for its next commit; a request_id recorded before changes nothing."""
        ledger = await unit.get(self._ledger_id(user_id, at), UsageLedger)
        ledger = ledger or unit.add(UsageLedger.open(user_id, at))
        return Recorded(cost, ledger.record(request_id, usage, cost, at))

    async def record(self, user_id: int, request_id: str, usage: ModelUsage) -> Recorded:
        """Record one call at its price; recording the same request_id again changes nothing."""
        unit = UnitOfWork(self.store)

        async def keep() -> Recorded:
            recorded = await self.add_record(unit, user_id, request_id, usage)
            await unit.commit()
            return recorded

        async with self.recording(user_id):
            return await retry_on_conflict(keep)

    async def summary(self, user_id: int) -> UsageSummary:
        now = self.clock.now()
        ledger = await self.ledger_for(user_id, now)
        limits = await self.limits_for(user_id)
        today = ledger.totals_from(start_of_day(now).date()) if ledger else Totals()
        month = ledger.totals_from() if ledger else Totals()
        return UsageSummary(
            today,
            month,
            limits,
            remaining(limits.daily_micros, today.cost_micros),
            remaining(limits.monthly_micros, month.cost_micros),
            remaining(limits.daily_tokens, today.tokens),
            remaining(limits.monthly_tokens, month.tokens),
        )

    @staticmethod
    def _spent(ledger: UsageLedger | None, now: datetime) -> tuple[Spent, Spent]:
        if ledger is None:
            return Spent(), Spent()
        today, month = ledger.totals_from(start_of_day(now).date()), ledger.totals_from()
        return Spent(today.tokens, today.cost_micros), Spent(month.tokens, month.cost_micros)
