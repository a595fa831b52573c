"""What goes to a chat model and what comes back from it."""

from dataclasses import dataclass
from enum import StrEnum

from domain.conversation import Role
from domain.usage import ModelUsage


@dataclass(frozen=True)
class PromptTurn:
    role: Role
    text: str


@dataclass(frozen=True)
class Prompt:
    model: str
    instructions: str
    turns: tuple[PromptTurn, ...]
    user_id: int = 0


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class ReplyDone:
    text: str
    usage: ModelUsage


class FailureKind(StrEnum):
    RATE_LIMITED = "rate_limited"
    TIMEOUT = "timeout"
    UNAVAILABLE = "unavailable"
    REFUSED = "refused"
    INTERRUPTED = "interrupted"


class ModelFailure(Exception):
    """A model call that did not produce a reply; `billed` is what the provider charged anyway."""

    def __init__(self, kind: FailureKind, detail: str = "", billed: ModelUsage | None = None) -> None:
        super().__init__(f"{kind.value}: {detail}" if detail else kind.value)
        self.kind, self.detail, self.billed = kind, detail, billed
