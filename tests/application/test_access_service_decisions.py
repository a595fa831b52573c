"""Who may use the bot: admins, bans, the allowlist, grants and channel membership."""

import pytest

from adapters.memory.cache import InMemoryCache
from application.access.service import AccessService
from application.ports import Aggregates
from domain.access import AccessDecision, AccessLedger, AccessPolicy, AccessReason, MemberStatus
from tests.application.wiring import Bot, BotFactory
from tests.fakes.clock import FakeClock

ADMIN, USER, FRIEND = 1, 42, 7
CHANNEL = AccessPolicy(
    admin_ids=frozenset({ADMIN}), allowed_user_ids=frozenset({FRIEND}), channel_required=True
)


async def change_ledger(bot: Bot, user_id: int, *changes: str) -> None:
    ledger = await bot.store.get(AccessLedger.create_id(user_id), AccessLedger)
    if ledger is None:
        ledger = AccessLedger(user_id=user_id, at=bot.clock.now())
    for change in changes:
        if change == "ban":
            ledger.ban(by=ADMIN, reason="spam", at=bot.clock.now())
        elif change == "grant":
            ledger.grant(by=ADMIN, at=bot.clock.now())
        elif change == "promote":
            ledger.promote_to_admin(by=ADMIN, at=bot.clock.now())
    await bot.store.save(ledger)


async def test_a_configured_admin_is_allowed_even_when_banned(make_bot: BotFactory) -> None:
    bot = make_bot(policy=CHANNEL)
    await change_ledger(bot, ADMIN, "ban")

    assert await bot.access.decide(ADMIN) == AccessDecision(True, AccessReason.ADMIN)
    assert bot.membership.lookups == []


async def test_a_banned_user_is_denied_even_when_allowlisted_and_subscribed(make_bot: BotFactory) -> None:
    bot = make_bot(policy=CHANNEL)
    bot.membership.statuses[FRIEND] = MemberStatus.MEMBER
    await change_ledger(bot, FRIEND, "grant", "ban")

    assert await bot.access.decide(FRIEND) == AccessDecision(False, AccessReason.BANNED)


async def test_an_allowlisted_user_is_allowed_without_a_channel_check(make_bot: BotFactory) -> None:
    bot = make_bot(policy=CHANNEL)

    assert await bot.access.decide(FRIEND) == AccessDecision(True, AccessReason.ALLOWLISTED)
    assert bot.membership.lookups == []


async def test_a_granted_user_is_allowed_like_an_allowlisted_one(make_bot: BotFactory) -> None:
    bot = make_bot(policy=CHANNEL)
    await change_ledger(bot, USER, "grant")

    assert await bot.access.decide(USER) == AccessDecision(True, AccessReason.ALLOWLISTED)


async def test_a_promoted_user_is_allowed_as_an_admin(make_bot: BotFactory) -> None:
    bot = make_bot(policy=CHANNEL)
    await change_ledger(bot, USER, "promote")

    assert await bot.access.decide(USER) == AccessDecision(True, AccessReason.ADMIN)


@pytest.mark.parametrize(
    ("status", "decision"),
    [
        (MemberStatus.CREATOR, AccessDecision(True, AccessReason.SUBSCRIBED)),
        (MemberStatus.ADMINISTRATOR, AccessDecision(True, AccessReason.SUBSCRIBED)),
        (MemberStatus.MEMBER, AccessDecision(True, AccessReason.SUBSCRIBED)),
        (MemberStatus.RESTRICTED, AccessDecision(False, AccessReason.NOT_SUBSCRIBED)),
        (MemberStatus.LEFT, AccessDecision(False, AccessReason.NOT_SUBSCRIBED)),
        (MemberStatus.KICKED, AccessDecision(False, AccessReason.REMOVED_FROM_CHANNEL)),
    ],
)
async def test_channel_membership_decides_for_everyone_else(
    make_bot: BotFactory, status: MemberStatus, decision: AccessDecision
) -> None:
    bot = make_bot(policy=CHANNEL)
    bot.membership.statuses[USER] = status

    assert await bot.access.decide(USER) == decision
    assert bot.membership.lookups == [USER]


async def test_without_a_channel_or_an_allowlist_everyone_is_allowed(bot: Bot) -> None:
    assert await bot.access.decide(USER) == AccessDecision(True, AccessReason.OPEN)


async def test_with_an_allowlist_and_no_channel_everyone_else_is_denied(make_bot: BotFactory) -> None:
    bot = make_bot(policy=AccessPolicy(allowed_user_ids=frozenset({FRIEND})))

    assert await bot.access.decide(USER) == AccessDecision(False, AccessReason.NOT_ALLOWLISTED)


async def test_without_a_way_to_check_the_channel_nobody_counts_as_subscribed(aggregates: Aggregates) -> None:
    access = AccessService(aggregates, FakeClock(), CHANNEL, None, InMemoryCache())

    assert await access.decide(USER) == AccessDecision(False, AccessReason.NOT_SUBSCRIBED)


async def test_the_first_decision_registers_the_user(bot: Bot) -> None:
    await bot.access.decide(USER)

    ledger = await bot.store.get(AccessLedger.create_id(USER), AccessLedger)
    assert ledger is not None
    assert (ledger.user_id, ledger.registered_at) == (USER, bot.clock.now())


async def test_each_change_of_membership_is_recorded_once(make_bot: BotFactory) -> None:
    bot = make_bot(policy=CHANNEL)
    bot.membership.statuses[USER] = MemberStatus.MEMBER
    await bot.access.decide(USER)
    await bot.access.forget_membership(USER)
    await bot.access.decide(USER)
    after_same_status = await bot.store.get(AccessLedger.create_id(USER), AccessLedger)
    bot.membership.statuses[USER] = MemberStatus.LEFT
    await bot.access.forget_membership(USER)

    await bot.access.decide(USER)

    ledger = await bot.store.get(AccessLedger.create_id(USER), AccessLedger)
    assert after_same_status is not None and ledger is not None
    assert after_same_status.version == 2  # registered, then one check
    assert (ledger.version, ledger.last_status) == (3, MemberStatus.LEFT)
    assert len(bot.membership.lookups) == 3
