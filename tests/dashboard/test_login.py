"""Login links are single use, expire and cannot be forged; sessions name their admin until they expire."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.memory.redeemed_tokens import InMemoryRedeemedTokens
from application.dashboard.login import (
    LINK_KEY_LABEL,
    LoginLinks,
    LoginRefused,
    RefusalReason,
    Sessions,
    derived_key,
    link_url,
    sign,
    signature,
)
from tests.fakes.clock import FakeClock

SECRET = b"the dashboard's secret"
ADMIN_ID = 900


def links(clock: FakeClock, secret: bytes = SECRET) -> LoginLinks:
    return LoginLinks(secret, clock, InMemoryRedeemedTokens())


async def refusal(links: LoginLinks, token: str) -> RefusalReason:
    with pytest.raises(LoginRefused) as refused:
        await links.redeem(token)
    return refused.value.reason


async def test_a_minted_token_redeems_to_its_admin() -> None:
    minted = links(FakeClock())
    token = minted.mint(ADMIN_ID)

    assert await minted.redeem(token) == ADMIN_ID
    assert link_url("https://dash.example/", token) == f"https://dash.example/login?token={token}"


async def test_a_token_is_used_once() -> None:
    minted = links(FakeClock())
    token = minted.mint(ADMIN_ID)
    await minted.redeem(token)

    assert await refusal(minted, token) is RefusalReason.ALREADY_USED


async def test_two_tokens_for_one_admin_are_each_good_once() -> None:
    minted = links(FakeClock())
    first, second = minted.mint(ADMIN_ID), minted.mint(ADMIN_ID)

    assert first != second
    assert [await minted.redeem(first), await minted.redeem(second)] == [ADMIN_ID, ADMIN_ID]


async def test_a_token_expires_after_ten_minutes() -> None:
    clock = FakeClock()
    minted = links(clock)
    fresh, stale = minted.mint(ADMIN_ID), minted.mint(ADMIN_ID)

    clock.advance(minutes=9, seconds=59)
    assert await minted.redeem(fresh) == ADMIN_ID
    clock.advance(seconds=1)
    assert await refusal(minted, stale) is RefusalReason.EXPIRED


async def test_a_used_token_is_remembered_until_it_expires() -> None:
    """The nonce's store keeps it exactly as long as the token could otherwise still be redeemed."""
    clock = FakeClock()
    claimed: list[int] = []

    class Recording(InMemoryRedeemedTokens):
        async def claim(self, nonce: str, ttl_seconds: int) -> bool:
            claimed.append(ttl_seconds)
            return await super().claim(nonce, ttl_seconds)

    minted = LoginLinks(SECRET, clock, Recording())
    token = minted.mint(ADMIN_ID)
    clock.advance(minutes=4)
    await minted.redeem(token)

    assert claimed == [6 * 60]


async def test_a_tampered_token_is_refused() -> None:
    minted = links(FakeClock())
    token = minted.mint(ADMIN_ID)
    payload, signature = token.split(".")
    forged_payload = (
        LoginLinks(b"another secret", FakeClock(), InMemoryRedeemedTokens()).mint(1).split(".")[0]
    )
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]

    assert await refusal(minted, f"{forged_payload}.{signature}") is RefusalReason.BAD_SIGNATURE
    assert await refusal(minted, f"{payload}.{flipped}") is RefusalReason.BAD_SIGNATURE
    assert await refusal(minted, payload) is RefusalReason.MALFORMED
    assert await minted.redeem(token) == ADMIN_ID  # the failed tries did not use it up


async def test_a_token_of_another_secret_is_refused() -> None:
    clock = FakeClock()
    other = links(clock, b"another secret").mint(ADMIN_ID)

    assert await refusal(links(clock), other) is RefusalReason.BAD_SIGNATURE


async def test_a_session_cookie_is_not_a_login_token_nor_the_reverse() -> None:
    clock = FakeClock()
    minted, sessions = links(clock), Sessions(SECRET, clock)

    assert await refusal(minted, sessions.issue(ADMIN_ID)) is RefusalReason.BAD_SIGNATURE
    assert sessions.read(minted.mint(ADMIN_ID)) is None


def test_a_session_names_its_admin_until_it_expires() -> None:
    clock = FakeClock()
    sessions = Sessions(SECRET, clock, lifetime=timedelta(hours=12))
    cookie = sessions.issue(ADMIN_ID)

    assert sessions.read(cookie) == ADMIN_ID
    clock.advance(hours=11, minutes=59)
    assert sessions.read(cookie) == ADMIN_ID
    clock.advance(minutes=1)
    assert sessions.read(cookie) is None


def test_a_missing_or_forged_session_is_nobody() -> None:
    clock = FakeClock()
    sessions = Sessions(SECRET, clock)
    cookie = sessions.issue(ADMIN_ID)
    payload, signature = cookie.split(".")
    other = Sessions(b"another secret", clock).issue(1)

    assert sessions.read(None) is None
    assert sessions.read("") is None
    assert sessions.read(other) is None
    assert sessions.read(f"{other.split('.')[0]}.{signature}") is None
    assert sessions.read(f"{payload}.{signature}x") is None


@given(st.text(max_size=600) | st.from_regex(r"[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,80}", fullmatch=True))
async def test_any_garbage_given_to_redeem_is_refused(garbage: str) -> None:
    with pytest.raises(LoginRefused):
        await links(FakeClock()).redeem(garbage)


@given(st.text(max_size=600) | st.from_regex(r"[A-Za-z0-9_-]{0,80}\.[A-Za-z0-9_-]{0,80}", fullmatch=True))
def test_any_garbage_cookie_is_nobody(garbage: str) -> None:
    assert Sessions(SECRET, FakeClock()).read(garbage) is None


@pytest.mark.parametrize(
    "payload",
    [
        {"a": "900", "e": 2**40, "n": "x"},
        {"a": True, "e": 2**40, "n": "x"},
        {"a": 900, "e": None, "n": "x"},
        {"a": 900, "e": 2**40, "n": ""},
        {"a": 900, "e": 2**40},
    ],
)
async def test_a_signed_payload_of_the_wrong_shape_is_malformed(payload: dict[str, object]) -> None:
    token = sign(derived_key(SECRET, LINK_KEY_LABEL), payload)
    assert await refusal(links(FakeClock()), token) is RefusalReason.MALFORMED


async def test_a_signed_body_that_is_not_json_is_malformed() -> None:
    key = derived_key(SECRET, LINK_KEY_LABEL)
    for body in ("bm90IGpzb24", "WzEsMl0", "A"):  # "not json", "[1,2]", not base64 at all
        assert await refusal(links(FakeClock()), f"{body}.{signature(key, body)}") is RefusalReason.MALFORMED
