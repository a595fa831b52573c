from collections.abc import Callable

import pytest

from adapters.memory.update_guard import InMemoryUpdateGuard
from application.ports import UpdateGuard
from tests.contracts.update_guard_contract import UpdateGuardContract


class TestInMemoryUpdateGuard(UpdateGuardContract):
    @pytest.fixture
    def make_guard(self) -> Callable[[], UpdateGuard]:
        return InMemoryUpdateGuard


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_an_update_passes_again_once_its_memory_expires() -> None:
    clock = Ticks()
    guard = InMemoryUpdateGuard(ttl_seconds=60, monotonic=clock)
    await guard.first_time(5)
    clock.now = 59.0
    assert await guard.first_time(5) is False
    clock.now = 60.0
    assert await guard.first_time(5) is True


async def test_expired_ids_are_forgotten() -> None:
    clock = Ticks()
    guard = InMemoryUpdateGuard(ttl_seconds=10, monotonic=clock)
    for update_id in range(100):
        await guard.first_time(update_id)
    clock.now = 10.0
    await guard.first_time(1000)
    assert len(guard) == 1


async def test_memory_keeps_only_the_most_recent_ids() -> None:
    guard = InMemoryUpdateGuard(capacity=3)
    for update_id in (1, 2, 3, 4):
        await guard.first_time(update_id)
    assert len(guard) == 3
    assert await guard.first_time(4) is False
    assert await guard.first_time(1) is True
