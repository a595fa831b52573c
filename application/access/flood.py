"""Flood control: at most so many messages a minute from one user; the first message over the limit is
answered with a word to slow down, the rest of that minute's are dropped before anything reads them."""

from enum import Enum

from application.ports import WindowCounter

WINDOW_SECONDS = 60


class Intake(Enum):
    ADMIT = "admit"
    SLOW_DOWN = "slow_down"
    DROP = "drop"


class FloodControl:
    def __init__(self, counter: WindowCounter, per_minute: int, exempt: frozenset[int] = frozenset()) -> None:
        """A limit of 0 admits everything; the exempt (the configured admins) are never counted."""
        self.counter, self.per_minute, self.exempt = counter, per_minute, exempt

    async def admit(self, user_id: int) -> Intake:
        """Counts one more message from the user in this minute, and says what to do with it."""
        if self.per_minute <= 0 or user_id in self.exempt:
            return Intake.ADMIT
        hits = await self.counter.hit(f"flood:{user_id}", WINDOW_SECONDS)
        if hits <= self.per_minute:
            return Intake.ADMIT
        return Intake.SLOW_DOWN if hits == self.per_minute + 1 else Intake.DROP
