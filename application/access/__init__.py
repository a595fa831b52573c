"""Who may use the bot: admins, bans, the allowlist and channel membership; /subscribe."""

from application.access.service import AccessService
from application.access.subscription import SubscriptionService

__all__ = ["AccessService", "SubscriptionService"]
