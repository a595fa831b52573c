"""What every SendSlots must do: spacing computed from the clock it is given, never from wall time."""

from collections.abc import Callable

import pytest

from application.ports import SendSlots
from application.send_limits import Limit

BOT = Limit("bot", 1 / 30)
GROUP = Limit("chat:-100", 3.0)
PRIVATE = Limit("chat:7", 1.0, burst=3)


class Ticks:
    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


MakeSlots = Callable[[Ticks], SendSlots]


class SendSlotsContract:
    @pytest.fixture
    def make_slots(self) -> MakeSlots:
        raise NotImplementedError

    async def test_a_private_chat_takes_its_burst_at_once_then_one_a_second(
        self, make_slots: MakeSlots
    ) -> None:
        slots = make_slots(Ticks())
        delays = [(await slots.take([PRIVATE])).delay for _ in range(5)]
        assert delays == pytest.approx([0.0, 0.0, 0.0, 1.0, 2.0])

    async def test_a_group_gets_one_send_every_three_seconds(self, make_slots: MakeSlots) -> None:
        slots = make_slots(Ticks())
        delays = [(await slots.take([GROUP])).delay for _ in range(3)]
        assert delays == pytest.approx([0.0, 3.0, 6.0])

    async def test_the_bot_limit_spaces_sends_to_different_chats(self, make_slots: MakeSlots) -> None:
        slots = make_slots(Ticks())
        delays = [(await slots.take([BOT, Limit(f"chat:{n}", 1.0, 3)])).delay for n in range(1, 32)]
        assert delays == pytest.approx([n / 30 for n in range(31)], abs=1e-5)

    async def test_every_limit_of_a_send_counts_it_and_the_slowest_decides(
        self, make_slots: MakeSlots
    ) -> None:
        slots = make_slots(Ticks())
        assert (await slots.take([BOT, GROUP])).delay == 0.0
        assert (await slots.take([BOT, Limit("chat:-200", 3.0)])).delay == pytest.approx(1 / 30, abs=1e-5)
        assert (await slots.take([BOT, GROUP])).delay == pytest.approx(3.0)

    async def test_time_passing_frees_the_slots(self, make_slots: MakeSlots) -> None:
        clock = Ticks()
        slots = make_slots(clock)
        for _ in range(3):
            await slots.take([GROUP])
        clock.now += 9.0
        assert (await slots.take([GROUP])).delay == 0.0
        clock.now += 1.0
        assert (await slots.take([GROUP])).delay == pytest.approx(2.0)

    async def test_a_slot_beyond_the_patience_is_not_taken_and_holds_nothing(
        self, make_slots: MakeSlots
    ) -> None:
        clock = Ticks()
        slots = make_slots(clock)
        await slots.take([GROUP])
        refused = await slots.take([GROUP], patience=0.25)
        assert not refused.taken and refused.delay == pytest.approx(3.0)
        clock.now += 2.9
        near = await slots.take([GROUP], patience=0.25)
        assert near.taken and near.delay == pytest.approx(0.1)
        assert (await slots.take([GROUP])).delay == pytest.approx(3.1)
