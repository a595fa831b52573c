import pytest

from adapters.memory.window_counter import InMemoryWindowCounter
from tests.contracts.send_slots_contract import Ticks
from tests.contracts.window_counter_contract import MakeCounter, WindowCounterContract


class TestInMemoryWindowCounter(WindowCounterContract):
    @pytest.fixture
    def make_counter(self) -> MakeCounter:
        return InMemoryWindowCounter


async def test_a_window_ends_its_period_after_its_first_hit() -> None:
    clock = Ticks(0.0)
    counter = InMemoryWindowCounter(monotonic=clock)
    await counter.hit("a", 60)
    clock.now = 59.0
    assert await counter.hit("a", 60) == 2
    clock.now = 60.0
    assert await counter.hit("a", 60) == 1
