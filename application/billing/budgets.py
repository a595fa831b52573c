"""The budget rules that reach beyond one user: the global monthly cap, and admins' exemption."""

import asyncio
from dataclasses import dataclass, field
from datetime import datetime

from application.errors import BudgetExceeded
from application.ports import AnalyticsViews
from domain.access import AccessLedger
from domain.budget import Exceeded


@dataclass(frozen=True)
class BudgetExemptions:
    admins_exempt: bool = False
    admin_ids: frozenset[int] = field(default_factory=frozenset)

    def exempts(self, user_id: int, access: AccessLedger | None) -> bool:
        """Admins (configured or promoted) skip every limit when BUDGET_ADMINS_EXEMPT is set."""
        is_admin = user_id in self.admin_ids or (access is not None and access.admin)
        return self.admins_exempt and is_admin


class GlobalBudget:
    """Caps what all users together spend in a UTC month, as the analytics views count it.

    The views trail the ledgers by the projection's lag, so calls made within that lag are not yet
    counted; at the default one-second poll the cap can be passed by about a second of spending.
    """

    def __init__(self, views: AnalyticsViews, monthly_micros: int | None) -> None:
        self.views, self.monthly_micros = views, monthly_micros

    async def ensure_within(self, now: datetime, estimate_micros: int) -> None:
        if self.monthly_micros is None:
            return
        today = now.date()
        spent = await asyncio.to_thread(self.views.cost_between, today.replace(day=1), today)
        if spent + estimate_micros > self.monthly_micros:
            raise BudgetExceeded(Exceeded.GLOBAL_MONTHLY_COST, self.monthly_micros)
