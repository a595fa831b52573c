"""The embedded Cache passes the Cache contract on a clock the tests move."""

from dataclasses import dataclass

import pytest

from adapters.memory.cache import InMemoryCache
from tests.contracts.cache_contract import CacheContract, LetTimePass, MakeCache


@dataclass
class Ticks:
    seconds: float = 500.0

    def __call__(self) -> float:
        return self.seconds


class TestInMemoryCache(CacheContract):
    @pytest.fixture
    def ticks(self) -> Ticks:
        return Ticks()

    @pytest.fixture
    def make_cache(self, ticks: Ticks) -> MakeCache:
        shared = InMemoryCache(ticks)
        return lambda: shared

    @pytest.fixture
    def let_time_pass(self, ticks: Ticks) -> LetTimePass:
        async def advance(seconds: float) -> None:
            ticks.seconds += seconds

        return advance

    @pytest.fixture
    def make_unreachable_cache(self) -> MakeCache:
        def switched_off() -> InMemoryCache:
            cache = InMemoryCache()
            cache.available = False
            return cache

        return switched_off


async def test_a_value_expires_exactly_at_its_ttl() -> None:
    ticks = Ticks()
    cache = InMemoryCache(ticks)
    await cache.set("subscription:1", "member", 600)

    ticks.seconds += 599.999
    assert await cache.get("subscription:1") == "member"
    ticks.seconds += 0.001
    assert await cache.get("subscription:1") is None


async def test_an_expired_value_is_dropped_when_read() -> None:
    ticks = Ticks()
    cache = InMemoryCache(ticks)
    await cache.set("subscription:1", "member", 1)
    ticks.seconds += 2

    await cache.get("subscription:1")

    assert "subscription:1" not in cache.values


async def test_a_cache_switched_back_on_still_has_its_values() -> None:
    cache = InMemoryCache(Ticks())
    await cache.set("subscription:1", "member", 60)
    cache.available = False
    cache.available = True

    assert await cache.get("subscription:1") == "member"
