"""Access decisions: allowed, or denied with a reason."""

import logging

from application.errors import CacheUnavailable
from application.keyed_lock import KeyedLock
from application.ports import Aggregates, Cache, ChannelMembership, Clock
from application.retry import retry_on_conflict
from domain.access import AccessDecision, AccessLedger, AccessPolicy, MemberStatus, by_membership, standing
from domain.ids import access_ledger_id_of

log = logging.getLogger(__name__)

SUBSCRIPTION_TTL_SECONDS = 600


class AccessService:
    def __init__(
        self,
        store: Aggregates,
        clock: Clock,
        policy: AccessPolicy,
        membership: ChannelMembership | None,
        cache: Cache,
    ) -> None:
        self.store, self.clock, self.policy = store, clock, policy
        self.membership, self.cache = membership, cache
        self._cache_down = False
        self._registering = KeyedLock()

    async def decide(
        self, user_id: int, *, name: str | None = None, username: str | None = None
    ) -> AccessDecision:
        """Registers first-time users (noting the name Telegram shows, and any change of it on the
        ledger as loaded); checks channel membership only when nothing else decides."""
        ledger = await self._ensure_registered(user_id, name, username)
        if name is not None and (name, username) != (ledger.name, ledger.username):
            await retry_on_conflict(lambda: self._record_name(user_id, name, username))
        decision = standing(self.policy, user_id, ledger)
        if decision is not None:
            return decision
        status = await self._membership_status(user_id)
        if status != ledger.last_status:
            await retry_on_conflict(lambda: self._record_check(user_id, status))
        return by_membership(status)

    async def _ensure_registered(
        self, user_id: int, name: str | None = None, username: str | None = None
    ) -> AccessLedger:
        ledger = await self.store.get(access_ledger_id_of(user_id), AccessLedger)
        if ledger is not None:
            return ledger

        async def attempt() -> AccessLedger:
            ledger = await self.store.get(access_ledger_id_of(user_id), AccessLedger)
            if ledger is None:
                now = self.clock.now()
                ledger = AccessLedger(user_id=user_id, at=now)
                if name is not None:
                    ledger.record_name(name, username, now)
                await self.store.save(ledger)
            return ledger

        # A newcomer's first messages often arrive together: one registers, the others then read it.
        async with self._registering.hold(user_id):
            return await retry_on_conflict(attempt)

    async def _record_name(self, user_id: int, name: str, username: str | None) -> None:
        ledger = await self._ensure_registered(user_id)
        ledger.record_name(name, username, self.clock.now())
        await self.store.save(ledger)

    async def _record_check(self, user_id: int, status: MemberStatus) -> None:
        ledger = await self._ensure_registered(user_id)
        ledger.record_subscription_check(status, self.clock.now())
        await self.store.save(ledger)

    async def _membership_status(self, user_id: int) -> MemberStatus:
        key = f"subscription:{user_id}"
        cached = await self._cache_get(key)
        if cached is not None:
            return MemberStatus(cached)
        if self.membership is None:
            return MemberStatus.LEFT
        status = await self.membership.status_of(user_id)
        await self._cache_set(key, status.value)
        return status

    async def forget_membership(self, user_id: int) -> None:
        try:
            await self.cache.delete(f"subscription:{user_id}")
        except CacheUnavailable:
            self._note_cache_down()

    async def _cache_get(self, key: str) -> str | None:
        try:
            value = await self.cache.get(key)
        except CacheUnavailable:
            self._note_cache_down()
            return None
        self._note_cache_up()
        return value

    async def _cache_set(self, key: str, value: str) -> None:
        try:
            await self.cache.set(key, value, SUBSCRIPTION_TTL_SECONDS)
        except CacheUnavailable:
            self._note_cache_down()

    def _note_cache_down(self) -> None:
        if not self._cache_down:
            # The cache adapter warns about its outage; this notes what the outage means here.
            log.info("cache unavailable: checking channel membership live until it returns")
        self._cache_down = True

    def _note_cache_up(self) -> None:
        if self._cache_down:
            log.info("cache available again")
        self._cache_down = False
