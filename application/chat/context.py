"""The model's view of a conversation: its newest summary, then the newest turns after it that fit."""

from collections.abc import Sequence
from dataclasses import dataclass

from application.model_io import Prompt, PromptTurn
from application.ports import TokenCounter
from domain.conversation import Summary, Turn

SUMMARY_NOTE = "Summary of the earlier conversation:"


@dataclass(frozen=True)
class ContextSettings:
    model: str
    system_prompt: str
    max_context_tokens: int
    web_search: bool = False
    """The model may search the web (the deployment offers it and the user turned it on)."""


def instructions_with(system_prompt: str, summary: str | None) -> str:
    """The system prompt, followed by the summary of the turns the prompt no longer holds."""
    if summary is None:
        return system_prompt
    return f"{system_prompt}\n\n{SUMMARY_NOTE}\n{summary}"


def newest_that_fit(turns: Sequence[Turn], budget: int, counter: TokenCounter) -> int:
    """How many of the newest turns fit the budget; the newest one always counts."""
    kept = 0
    for turn in reversed(turns):
        cost = counter.count(turn.text)
        if kept and cost > budget:
            break
        kept += 1
        budget -= cost
    return kept


def build_prompt(
    settings: ContextSettings,
    history: list[Turn],
    counter: TokenCounter,
    user_id: int = 0,
    summary: Summary | None = None,
) -> Prompt:
    """The summary, if any, then the newest turns after it whose estimated tokens fit; the newest turn
    is always kept."""
    instructions = instructions_with(settings.system_prompt, summary.text if summary else None)
    recent = history[summary.covers :] if summary else history
    kept = newest_that_fit(recent, settings.max_context_tokens - counter.count(instructions), counter)
    turns = tuple(PromptTurn(turn.role, turn.text) for turn in recent[len(recent) - kept :])
    return Prompt(settings.model, instructions, turns, user_id, web_search=settings.web_search)


def prompt_tokens(prompt: Prompt, counter: TokenCounter) -> int:
    return counter.count(prompt.instructions) + sum(counter.count(t.text) for t in prompt.turns)
