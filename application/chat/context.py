"""The model's view of a conversation: the newest turns that fit the token budget."""

from dataclasses import dataclass

from application.model_io import Prompt, PromptTurn
from application.ports import TokenCounter
from domain.conversation import Turn


@dataclass(frozen=True)
class ContextSettings:
    model: str
    system_prompt: str
    max_context_tokens: int


def build_prompt(
    settings: ContextSettings, history: list[Turn], counter: TokenCounter, user_id: int = 0
) -> Prompt:
    """Keep the newest turns whose estimated tokens fit; the newest turn is always kept."""
    budget = settings.max_context_tokens - counter.count(settings.system_prompt)
    kept: list[PromptTurn] = []
    for turn in reversed(history):
        cost = counter.count(turn.text)
        if kept and cost > budget:
            break
        kept.append(PromptTurn(turn.role, turn.text))
        budget -= cost
    kept.reverse()
    return Prompt(settings.model, settings.system_prompt, tuple(kept), user_id)


def prompt_tokens(prompt: Prompt, counter: TokenCounter) -> int:
    return counter.count(prompt.instructions) + sum(counter.count(t.text) for t in prompt.turns)
