"""What every WindowCounter must do: count each key's hits in a window that its first hit opens."""

from collections.abc import Callable

import pytest

from application.ports import WindowCounter

MakeCounter = Callable[[], WindowCounter]


class WindowCounterContract:
    @pytest.fixture
    def make_counter(self) -> MakeCounter:
        raise NotImplementedError

    async def test_hits_are_counted_per_key(self, make_counter: MakeCounter) -> None:
        counter = make_counter()
        assert [await counter.hit("a", 60) for _ in range(3)] == [1, 2, 3]
        assert await counter.hit("b", 60) == 1
