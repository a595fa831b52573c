"""Admins managing users: /allow, /ban, /unban and /user, written to each user's AccessLedger."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from application.billing.usage import UsageService, UsageSummary
from application.naming import user_label
from application.ports import Aggregates, Clock
from application.retry import retry_on_conflict
from domain.access import AccessLedger, AccessPolicy, MemberStatus
from domain.budget import Limits
from domain.ids import access_ledger_id_of


class Outcome(StrEnum):
    DONE = "done"
    ALREADY = "already"
    CONFIGURED_ADMIN = "configured_admin"


@dataclass(frozen=True)
class Standing:
    """What the access ledger says about one user, plus whether ADMIN_IDS names them."""

    user_id: int
    registered_at: datetime
    configured_admin: bool
    promoted_admin: bool
    banned: bool
    ban_reason: str
    granted: bool
    last_status: MemberStatus | None
    budget: Limits | None
    name: str | None = None
    username: str | None = None


@dataclass(frozen=True)
class UserReport:
    standing: Standing
    usage: UsageSummary


class AdminService:
    def __init__(
        self,
        store: Aggregates,
        clock: Clock,
        policy: AccessPolicy,
        usage: UsageService,
        *,
        pseudonymous: bool = False,
    ) -> None:
        self.store, self.clock, self.policy, self.usage = store, clock, policy, usage
        self.pseudonymous = pseudonymous

    async def is_admin(self, user_id: int) -> bool:
        """Configured in ADMIN_IDS, or promoted on the user's access ledger."""
        if user_id in self.policy.admin_ids:
            return True
        ledger = await self.store.get(access_ledger_id_of(user_id), AccessLedger)
        return ledger is not None and ledger.admin

    async def allow(self, admin_id: int, user_id: int) -> Outcome:
        """Give the user access whatever the channel or allowlist says."""
        return await self._change(user_id, lambda ledger, at: _grant(ledger, admin_id, at))

    async def ban(self, admin_id: int, user_id: int, reason: str = "") -> Outcome:
        """Refuse the user everything; configured admins cannot be banned (ADMIN_IDS wins)."""
        if user_id in self.policy.admin_ids:
            return Outcome.CONFIGURED_ADMIN
        return await self._change(user_id, lambda ledger, at: _ban(ledger, admin_id, reason, at))

    async def unban(self, admin_id: int, user_id: int) -> Outcome:
        return await self._change(user_id, lambda ledger, at: _unban(ledger, admin_id, at))

    async def label(self, user_id: int) -> str:
        """The user as an admin's reply names them: '42 (Ada @ada)', or the id alone when no name is known
        or names are not shown (ANALYTICS_PSEUDONYMOUS)."""
        if self.pseudonymous:
            return user_label(user_id)
        ledger = await self.store.get(access_ledger_id_of(user_id), AccessLedger)
        return user_label(user_id, ledger.name, ledger.username) if ledger else user_label(user_id)

    async def report(self, user_id: int) -> UserReport | None:
        """The user's standing and usage; None for someone who never used the bot."""
        ledger = await self.store.get(access_ledger_id_of(user_id), AccessLedger)
        if ledger is None:
            return None
        standing = Standing(
            user_id,
            ledger.registered_at,
            user_id in self.policy.admin_ids,
            ledger.admin,
            ledger.banned,
            ledger.ban_reason,
            ledger.granted,
            ledger.last_status,
            ledger.budget,
            None if self.pseudonymous else ledger.name,
            None if self.pseudonymous else ledger.username,
        )
        return UserReport(standing, await self.usage.summary(user_id))

    async def _change(self, user_id: int, change: Callable[[AccessLedger, datetime], bool]) -> Outcome:
        async def attempt() -> Outcome:
            at = self.clock.now()
            ledger = await self.store.get(access_ledger_id_of(user_id), AccessLedger)
            ledger = ledger or AccessLedger(user_id=user_id, at=at)
            if not change(ledger, at):
                return Outcome.ALREADY
            await self.store.save(ledger)
            return Outcome.DONE

        return await retry_on_conflict(attempt)


def _grant(ledger: AccessLedger, by: int, at: datetime) -> bool:
    if ledger.granted:
        return False
    ledger.grant(by=by, at=at)
    return True


def _ban(ledger: AccessLedger, by: int, reason: str, at: datetime) -> bool:
    if ledger.banned:
        return False
    ledger.ban(by=by, reason=reason, at=at)
    return True


def _unban(ledger: AccessLedger, by: int, at: datetime) -> bool:
    if not ledger.banned:
        return False
    ledger.unban(by=by, at=at)
    return True
