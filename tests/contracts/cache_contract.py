"""What every Cache promises. Subclass it and provide `make_cache`, `let_time_pass` and
`make_unreachable_cache` for each implementation; a real server passes with one short wait."""

from collections.abc import Awaitable, Callable

import pytest

from application.errors import CacheUnavailable
from application.ports import Cache

MakeCache = Callable[[], Cache]
LetTimePass = Callable[[float], Awaitable[None]]

SHORT_TTL_SECONDS = 1
LONG_TTL_SECONDS = 60
# Redis expires a key within a millisecond of its TTL; the margin is for slow machines.
WAIT_PAST_SHORT_TTL_SECONDS = 1.5


class CacheContract:
    @pytest.fixture
    def make_cache(self) -> MakeCache:
        """Each call gives a cache over the same empty backend, on the clock `let_time_pass` moves."""
        raise NotImplementedError

    @pytest.fixture
    def let_time_pass(self) -> LetTimePass:
        """Lets this many seconds pass for the caches: a real wait for a real server."""
        raise NotImplementedError

    @pytest.fixture
    def make_unreachable_cache(self) -> MakeCache:
        """Each call gives a cache whose backend is down."""
        raise NotImplementedError

    async def test_a_missing_key_reads_as_nothing(self, make_cache: MakeCache) -> None:
        assert await make_cache().get("subscription:1") is None

    async def test_a_value_reads_back_as_it_was_set(self, make_cache: MakeCache) -> None:
        cache = make_cache()
        await cache.set("subscription:1", "member", LONG_TTL_SECONDS)
        await cache.set("greeting:ru", "Привет, 👋 мир", LONG_TTL_SECONDS)

        assert await cache.get("subscription:1") == "member"
        assert await cache.get("greeting:ru") == "Привет, 👋 мир"

    async def test_setting_a_key_again_replaces_its_value(self, make_cache: MakeCache) -> None:
        cache = make_cache()
        await cache.set("subscription:1", "member", LONG_TTL_SECONDS)
        await cache.set("subscription:1", "left", LONG_TTL_SECONDS)

        assert await cache.get("subscription:1") == "left"

    async def test_a_deleted_key_reads_as_nothing(self, make_cache: MakeCache) -> None:
        cache = make_cache()
        await cache.set("subscription:1", "member", LONG_TTL_SECONDS)
        await cache.set("subscription:2", "member", LONG_TTL_SECONDS)

        await cache.delete("subscription:1")
        await cache.delete("never-set")

        assert await cache.get("subscription:1") is None
        assert await cache.get("subscription:2") == "member"

    async def test_caches_over_one_backend_see_each_others_values(self, make_cache: MakeCache) -> None:
        writer, reader = make_cache(), make_cache()
        await writer.set("subscription:1", "member", LONG_TTL_SECONDS)

        assert await reader.get("subscription:1") == "member"

    async def test_values_expire_after_their_ttl_and_not_before(
        self, make_cache: MakeCache, let_time_pass: LetTimePass
    ) -> None:
        cache = make_cache()
        await cache.set("short", "gone soon", SHORT_TTL_SECONDS)
        await cache.set("long", "still here", LONG_TTL_SECONDS)
        await cache.set("renewed", "old", SHORT_TTL_SECONDS)
        await cache.set("renewed", "new", LONG_TTL_SECONDS)

        await let_time_pass(WAIT_PAST_SHORT_TTL_SECONDS)

        assert await cache.get("short") is None
        assert await cache.get("long") == "still here"
        assert await cache.get("renewed") == "new"

    async def test_an_unreachable_backend_raises_cache_unavailable(
        self, make_unreachable_cache: MakeCache
    ) -> None:
        cache = make_unreachable_cache()
        with pytest.raises(CacheUnavailable):
            await cache.get("subscription:1")
        with pytest.raises(CacheUnavailable):
            await cache.set("subscription:1", "member", LONG_TTL_SECONDS)
        with pytest.raises(CacheUnavailable):
            await cache.delete("subscription:1")
