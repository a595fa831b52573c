"""Channel membership is cached for ten minutes; without the cache it is checked live, noted once."""

import logging

import pytest

from application.access.service import SUBSCRIPTION_TTL_SECONDS
from domain.access import AccessDecision, AccessPolicy, AccessReason, MemberStatus
from tests.application.wiring import Bot, BotFactory

USER = 42
CHANNEL = AccessPolicy(channel_required=True)
ALLOWED = AccessDecision(True, AccessReason.SUBSCRIBED)
DENIED = AccessDecision(False, AccessReason.NOT_SUBSCRIBED)


@pytest.fixture
def gated(make_bot: BotFactory) -> Bot:
    bot = make_bot(policy=CHANNEL)
    bot.membership.statuses[USER] = MemberStatus.MEMBER
    return bot


def cache_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "application.access.service" and r.getMessage().startswith("cache unavailable")
    ]


async def test_membership_is_cached_for_ten_minutes_under_the_users_key(gated: Bot) -> None:
    assert SUBSCRIPTION_TTL_SECONDS == 600
    await gated.access.decide(USER)
    gated.membership.statuses[USER] = MemberStatus.LEFT

    gated.monotonic.advance(599)
    still_cached = await gated.access.decide(USER)
    cached_value = await gated.cache.get(f"subscription:{USER}")
    gated.monotonic.advance(1)
    after_expiry = await gated.access.decide(USER)

    assert (still_cached, cached_value) == (ALLOWED, "member")
    assert after_expiry == DENIED
    assert gated.membership.lookups == [USER, USER]


async def test_forgetting_membership_makes_the_next_decision_check_live(gated: Bot) -> None:
    await gated.access.decide(USER)
    gated.membership.statuses[USER] = MemberStatus.KICKED

    await gated.access.forget_membership(USER)

    assert await gated.access.decide(USER) == AccessDecision(False, AccessReason.REMOVED_FROM_CHANNEL)
    assert await gated.cache.get(f"subscription:{USER}") == "kicked"


async def test_a_cache_outage_falls_back_to_live_checks_with_one_warning(
    gated: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="application.access.service")
    gated.cache.available = False

    decisions = [await gated.access.decide(USER) for _ in range(3)]
    await gated.access.forget_membership(USER)

    assert decisions == [ALLOWED] * 3
    assert gated.membership.lookups == [USER] * 3
    assert len(cache_warnings(caplog)) == 1


async def test_each_new_cache_outage_is_reported_once(gated: Bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="application.access.service")

    for available in (False, False, True, True, False, False):
        gated.cache.available = available
        await gated.access.decide(USER)

    assert len(cache_warnings(caplog)) == 2
    assert any(r.getMessage() == "cache available again" for r in caplog.records)


async def test_a_cache_outage_is_not_reported_while_the_cache_works(
    gated: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="application.access.service")

    for _ in range(3):
        await gated.access.decide(USER)

    assert cache_warnings(caplog) == []
    assert gated.membership.lookups == [USER]
