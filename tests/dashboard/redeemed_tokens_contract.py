"""What every RedeemedTokens promises; subclass with a make_tokens fixture for each implementation."""

import asyncio
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.dashboard.ports import RedeemedTokens


class RedeemedTokensContract:
    @pytest.fixture
    def make_tokens(self) -> Callable[[], RedeemedTokens]:
        """Each call gives a store that has claimed nothing yet."""
        raise NotImplementedError

    async def test_a_nonce_is_claimed_the_first_time_only(
        self, make_tokens: Callable[[], RedeemedTokens]
    ) -> None:
        tokens = make_tokens()
        assert await tokens.claim("n1", 600) is True
        assert await tokens.claim("n1", 600) is False
        assert await tokens.claim("n2", 600) is True

    async def test_concurrent_claims_of_one_nonce_win_once(
        self, make_tokens: Callable[[], RedeemedTokens]
    ) -> None:
        tokens = make_tokens()
        results = await asyncio.gather(*(tokens.claim("same", 600) for _ in range(8)))
        assert sorted(results) == [False] * 7 + [True]

    # Each implementation's subclass runs it with its own instance: the executors differ by design.
    @settings(
        max_examples=25,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
    )
    @given(nonces=st.lists(st.text(st.characters(codec="ascii"), min_size=1, max_size=30), max_size=20))
    async def test_each_nonce_is_claimed_exactly_once(
        self, make_tokens: Callable[[], RedeemedTokens], nonces: list[str]
    ) -> None:
        tokens = make_tokens()
        results = [await tokens.claim(n, 600) for n in nonces]
        assert results == [n not in nonces[:i] for i, n in enumerate(nonces)]
