"""/pause and /resume: while paused, non-admins are not answered by the model, and nothing they say is lost."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from application.ports import Aggregates, Clock
from application.retry import retry_on_conflict
from domain.operations import PauseSwitch, pause_switch_id

Change = Callable[[PauseSwitch], bool]


@dataclass(frozen=True)
class PauseState:
    paused: bool
    changed_by: int | None = None
    changed_at: datetime | None = None


class PauseService:
    """The pause switch, read from the event store on every check so every worker sees the same state."""

    def __init__(self, store: Aggregates, clock: Clock) -> None:
        self.store, self.clock = store, clock

    async def state(self) -> PauseState:
        switch = await self.store.get(pause_switch_id(), PauseSwitch)
        if switch is None:
            return PauseState(False)
        return PauseState(switch.paused, switch.changed_by, switch.changed_at)

    async def is_paused(self) -> bool:
        return (await self.state()).paused

    async def pause(self, by: int) -> bool:
        """Pause the bot; False when it was already paused."""
        return await self._flip(lambda switch: switch.pause(by, self.clock.now()))

    async def resume(self, by: int) -> bool:
        """Resume the bot; False when it was not paused."""
        return await self._flip(lambda switch: switch.resume(by, self.clock.now()))

    async def _flip(self, change: Change) -> bool:
        async def attempt() -> bool:
            switch = await self.store.get(pause_switch_id(), PauseSwitch) or PauseSwitch()
            changed = change(switch)
            if changed:
                await self.store.save(switch)
            return changed

        return await retry_on_conflict(attempt)
