"""The model's context: the newest turns that fit the token budget, and always the newest turn."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from application.chat.context import ContextSettings, build_prompt
from application.chat.tokens import ApproximateTokenCounter
from application.model_io import PromptTurn
from domain.conversation import Role, Turn
from tests.application.wiring import SYSTEM_PROMPT, BotFactory

CHAT, USER = 100, 42
AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
COUNTER = ApproximateTokenCounter()

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120)


def turns_of(contents: list[str]) -> list[Turn]:
    roles = (Role.USER, Role.ASSISTANT)
    return [Turn(roles[n % 2], text, AT, f"r{n // 2}") for n, text in enumerate(contents)]


@given(contents=st.lists(texts, min_size=1, max_size=25), max_tokens=st.integers(0, 400))
def test_the_context_is_the_longest_run_of_newest_turns_that_fits(
    contents: list[str], max_tokens: int
) -> None:
    history = turns_of(contents)
    settings = ContextSettings("m", SYSTEM_PROMPT, max_tokens)

    prompt = build_prompt(settings, history, COUNTER)

    kept = len(prompt.turns)
    assert kept >= 1
    assert prompt.turns == tuple(PromptTurn(t.role, t.text) for t in history[-kept:])
    budget = max_tokens - COUNTER.count(SYSTEM_PROMPT)
    used = sum(COUNTER.count(t.text) for t in prompt.turns)
    assert kept == 1 or used <= budget
    if kept < len(history):
        assert used + COUNTER.count(history[-kept - 1].text) > budget


async def test_a_long_conversation_is_trimmed_to_its_newest_turns(make_bot: BotFactory) -> None:
    bot = make_bot(max_context_tokens=60)
    for n in range(6):
        await bot.chat.send_message(CHAT, USER, f"message number {n} " + "x" * 40, f"r{n}")

    prompt = bot.model.prompts[-1]
    history = await bot.chat.history(CHAT, limit=100)

    asked = history[:-1]  # everything up to the newest message; the last turn is the reply to it
    assert 1 < len(prompt.turns) < len(asked)
    assert prompt.turns[-1] == PromptTurn(Role.USER, "message number 5 " + "x" * 40)
    assert list(prompt.turns) == [PromptTurn(t.role, t.text) for t in asked[-len(prompt.turns) :]]


async def test_a_message_longer_than_the_whole_budget_is_still_sent(make_bot: BotFactory) -> None:
    bot = make_bot(max_context_tokens=20)
    await bot.chat.send_message(CHAT, USER, "short", "r1")
    long_message = "a very long question " * 30

    await bot.chat.send_message(CHAT, USER, long_message, "r2")

    assert bot.model.prompts[-1].turns == (PromptTurn(Role.USER, long_message.strip()),)
