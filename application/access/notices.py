"""Refusals a user is told once per membership period: a user outside the channel hears why once, and
their messages until the period passes are ignored silently, so they cannot make the bot write back
to each of them."""

from application.access.service import SUBSCRIPTION_TTL_SECONDS
from application.ports import WindowCounter
from domain.access import AccessDecision, AccessReason

TOLD_ONCE = frozenset({AccessReason.NOT_SUBSCRIBED, AccessReason.REMOVED_FROM_CHANNEL})


class RefusalNotices:
    def __init__(self, counter: WindowCounter, period_seconds: int = SUBSCRIPTION_TTL_SECONDS) -> None:
        self.counter, self.period_seconds = counter, period_seconds

    async def should_tell(self, user_id: int, decision: AccessDecision) -> bool:
        """True for the first refusal of its kind in the period, and for every refusal told each time."""
        if decision.reason not in TOLD_ONCE:
            return True
        return await self.counter.hit(f"refused:{user_id}", self.period_seconds) == 1
