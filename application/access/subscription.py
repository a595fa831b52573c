"""/subscribe: a fresh look at the user's access, and what it means for them."""

from application.access.service import AccessService
from application.messages import text
from domain.access import AccessDecision, AccessReason

STATUS_KEYS = {
    AccessReason.ADMIN: "subscription_admin",
    AccessReason.ALLOWLISTED: "subscription_allowlisted",
    AccessReason.SUBSCRIBED: "subscription_active",
    AccessReason.OPEN: "subscription_open",
    AccessReason.BANNED: "access_banned",
    AccessReason.NOT_SUBSCRIBED: "subscription_missing",
    AccessReason.REMOVED_FROM_CHANNEL: "access_removed_from_channel",
    AccessReason.NOT_ALLOWLISTED: "access_not_allowlisted",
}
DENIAL_KEYS = {
    AccessReason.BANNED: "access_banned",
    AccessReason.NOT_SUBSCRIBED: "access_not_subscribed",
    AccessReason.REMOVED_FROM_CHANNEL: "access_removed_from_channel",
    AccessReason.NOT_ALLOWLISTED: "access_not_allowlisted",
}


class SubscriptionService:
    def __init__(self, access: AccessService) -> None:
        self.access = access

    async def check(self, user_id: int) -> AccessDecision:
        """Decide again with a live membership check, so a user who has just joined gets in at once."""
        await self.access.forget_membership(user_id)
        return await self.access.decide(user_id)


def describe_subscription(decision: AccessDecision, channel: str, lang: str | None = None) -> str:
    return text(STATUS_KEYS[decision.reason], lang, channel=channel)


def describe_denial(decision: AccessDecision, channel: str, lang: str | None = None) -> str:
    return text(DENIAL_KEYS.get(decision.reason, "access_not_allowlisted"), lang, channel=channel)
