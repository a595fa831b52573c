"""One user's access story, and the rules that turn it into a decision."""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.budget import Limits
from domain.clock import require_utc
from domain.copying import CopiesCollectionsOnly
from domain.ids import access_ledger_id_of


class MemberStatus(StrEnum):
    CREATOR = "creator"
    ADMINISTRATOR = "administrator"
    MEMBER = "member"
    RESTRICTED = "restricted"
    LEFT = "left"
    KICKED = "kicked"

    @property
    def grants_access(self) -> bool:
        return self in (MemberStatus.CREATOR, MemberStatus.ADMINISTRATOR, MemberStatus.MEMBER)


class AccessReason(StrEnum):
    ADMIN = "admin"
    ALLOWLISTED = "allowlisted"
    SUBSCRIBED = "subscribed"
    OPEN = "open"
    BANNED = "banned"
    NOT_SUBSCRIBED = "not_subscribed"
    REMOVED_FROM_CHANNEL = "removed_from_channel"
    NOT_ALLOWLISTED = "not_allowlisted"


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason: AccessReason


@dataclass(frozen=True)
class AccessPolicy:
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    allowed_user_ids: frozenset[int] = field(default_factory=frozenset)
    channel_required: bool = False


class AccessLedger(CopiesCollectionsOnly, Aggregate):
    @staticmethod
    def create_id(user_id: int) -> UUID:
        return access_ledger_id_of(user_id)

    @event("Registered")
    def __init__(self, user_id: int, at: datetime) -> None:
        self.user_id = user_id
        self.registered_at = require_utc(at)
        self.last_status: MemberStatus | None = None
        self.granted = False
        self.banned = False
        self.ban_reason = ""
        self.admin = False
        self.budget: Limits | None = None
        self.name: str | None = None
        self.username: str | None = None

    def record_name(self, name: str, username: str | None, at: datetime) -> None:
        """Note the user's name as Telegram shows it, when it is not the one the ledger holds."""
        if (name, username) != (self.name, self.username):
            self._named(name, username, require_utc(at))

    @event("Named")
    def _named(self, name: str, username: str | None, at: datetime) -> None:
        self.name, self.username = name, username

    def record_subscription_check(self, status: MemberStatus, at: datetime) -> None:
        if status != self.last_status:
            self._subscription_checked(status.value, status.grants_access, require_utc(at))

    @event("SubscriptionChecked")
    def _subscription_checked(self, status: str, allowed: bool, at: datetime) -> None:
        self.last_status = MemberStatus(status)

    @event("Granted")
    def grant(self, by: int, at: datetime) -> None:
        self.granted = True

    @event("Revoked")
    def revoke(self, by: int, at: datetime) -> None:
        self.granted = False

    @event("Banned")
    def ban(self, by: int, reason: str, at: datetime) -> None:
        self.banned = True
        self.ban_reason = reason

    @event("Unbanned")
    def unban(self, by: int, at: datetime) -> None:
        self.banned = False
        self.ban_reason = ""

    @event("PromotedToAdmin")
    def promote_to_admin(self, by: int, at: datetime) -> None:
        self.admin = True

    def set_budget(self, limits: Limits, by: int, at: datetime) -> None:
        self._budget_set(*limits.as_tuple(), by=by, at=require_utc(at))

    @event("BudgetSet")
    def _budget_set(
        self,
        daily_micros: int | None,
        monthly_micros: int | None,
        daily_tokens: int | None,
        monthly_tokens: int | None,
        by: int,
        at: datetime,
    ) -> None:
        self.budget = Limits(daily_micros, monthly_micros, daily_tokens, monthly_tokens)


def standing(policy: AccessPolicy, user_id: int, ledger: AccessLedger | None) -> AccessDecision | None:
    """The decision that needs no channel check, or None when membership decides."""
    if user_id in policy.admin_ids:
        return AccessDecision(True, AccessReason.ADMIN)
    if ledger is not None and ledger.banned:
        return AccessDecision(False, AccessReason.BANNED)
    if ledger is not None and ledger.admin:
        return AccessDecision(True, AccessReason.ADMIN)
    if user_id in policy.allowed_user_ids or (ledger is not None and ledger.granted):
        return AccessDecision(True, AccessReason.ALLOWLISTED)
    if not policy.channel_required:
        if policy.allowed_user_ids:
            return AccessDecision(False, AccessReason.NOT_ALLOWLISTED)
        return AccessDecision(True, AccessReason.OPEN)
    return None


def by_membership(status: MemberStatus) -> AccessDecision:
    if status.grants_access:
        return AccessDecision(True, AccessReason.SUBSCRIBED)
    if status is MemberStatus.KICKED:  # removed by the channel's admins: joining is not open to them
        return AccessDecision(False, AccessReason.REMOVED_FROM_CHANNEL)
    return AccessDecision(False, AccessReason.NOT_SUBSCRIBED)
