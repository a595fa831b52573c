"""A reply preview that keeps what it was shown, for tests of the use cases."""

from dataclasses import dataclass, field


@dataclass
class CollectingPreview:
    deltas: list[str] = field(default_factory=list)
    model_finished: bool = False

    async def push(self, delta: str) -> None:
        self.deltas.append(delta)

    def model_done(self) -> None:
        self.model_finished = True
