import pytest

from adapters.memory.send_slots import InMemorySendSlots
from tests.contracts.send_slots_contract import MakeSlots, SendSlotsContract


class TestInMemorySendSlots(SendSlotsContract):
    @pytest.fixture
    def make_slots(self) -> MakeSlots:
        return lambda clock: InMemorySendSlots(monotonic=clock)
