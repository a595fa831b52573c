"""What every UpdateGuard promises; subclass with a make_guard fixture for each implementation."""

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from application.ports import UpdateGuard

update_ids = st.integers(min_value=0, max_value=2**31 - 1)


class UpdateGuardContract:
    @pytest.fixture
    def make_guard(self) -> Callable[[], UpdateGuard]:
        """Each call gives a guard that has seen nothing yet."""
        raise NotImplementedError

    async def test_a_new_update_passes(self, make_guard: Callable[[], UpdateGuard]) -> None:
        assert await make_guard().first_time(1) is True

    async def test_a_redelivered_update_is_recognised(self, make_guard: Callable[[], UpdateGuard]) -> None:
        guard = make_guard()
        await guard.first_time(7)
        assert await guard.first_time(7) is False
        assert await guard.first_time(7) is False

    async def test_other_updates_still_pass(self, make_guard: Callable[[], UpdateGuard]) -> None:
        guard = make_guard()
        await guard.first_time(1)
        assert await guard.first_time(2) is True

    # One property runs for every implementation (a different executor each), with a fresh guard per example.
    @settings(
        max_examples=25,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
    )
    @given(ids=st.lists(update_ids | st.sampled_from([0, 1, 2]), max_size=30))
    async def test_each_update_passes_exactly_once(
        self, make_guard: Callable[[], UpdateGuard], ids: list[int]
    ) -> None:
        guard = make_guard()
        results = [await guard.first_time(update_id) for update_id in ids]
        assert results == [update_id not in ids[:n] for n, update_id in enumerate(ids)]
