"""Which turns a summary takes over: the prompt it leaves always fits, always holds the newest turn, and
every turn is either in the prompt or covered by the summary."""

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from application.chat.context import ContextSettings, build_prompt, prompt_tokens
from application.chat.memory import overflow, transcript
from application.chat.tokens import ApproximateTokenCounter
from application.model_io import PromptTurn
from domain.conversation import Role, Summary, Turn
from tests.application.wiring import SYSTEM_PROMPT

AT = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
COUNTER = ApproximateTokenCounter()

texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=120)


def turns_of(contents: list[str]) -> list[Turn]:
    roles = (Role.USER, Role.ASSISTANT)
    return [Turn(roles[n % 2], text, AT, f"r{n // 2}") for n, text in enumerate(contents)]


def within(text: str, tokens: int) -> str:
    """The text cut to at most `tokens` by the counter (a summary bounded by its output tokens)."""
    while text and COUNTER.count(text) > tokens:
        text = text[: len(text) // 2]
    return text or "s"


@given(
    contents=st.lists(texts, min_size=1, max_size=30),
    max_tokens=st.integers(0, 600),
    reserve=st.integers(5, 120),
    earlier=st.one_of(st.none(), st.tuples(st.integers(1, 29), texts)),
    made=texts,
)
def test_every_turn_is_in_the_prompt_or_in_the_summary_and_the_prompt_fits(
    contents: list[str],
    max_tokens: int,
    reserve: int,
    earlier: tuple[int, str] | None,
    made: str,
) -> None:
    history = turns_of(contents)
    settings = ContextSettings("m", SYSTEM_PROMPT, max_tokens)
    summary = None
    if earlier is not None and earlier[0] < len(history):
        summary = Summary(within(earlier[1], reserve), earlier[0], AT, "m")

    due = overflow(settings, history, summary, reserve, COUNTER)
    if due is not None:
        start = summary.covers if summary else 0
        assert start < due.covers < len(history)
        assert due.turns == tuple(history[start : due.covers])  # only turns no summary covered yet
        summary = Summary(within(made, reserve), due.covers, AT, "m")
    prompt = build_prompt(settings, history, COUNTER, summary=summary)

    covered = summary.covers if summary else 0
    assert prompt.turns == tuple(PromptTurn(t.role, t.text) for t in history[covered:])
    assert prompt.turns[-1] == PromptTurn(history[-1].role, history[-1].text)
    assert len(prompt.turns) == 1 or prompt_tokens(prompt, COUNTER) <= max_tokens


def test_a_new_summary_leaves_room_for_turns_to_come() -> None:
    history = turns_of([f"turn number {n} " + "x" * 40 for n in range(12)])
    settings = ContextSettings("m", SYSTEM_PROMPT, 200)

    due = overflow(settings, history, None, 40, COUNTER)

    assert due is not None
    summary = Summary("s" * 100, due.covers, AT, "m")
    kept = build_prompt(settings, history, COUNTER, summary=summary)
    assert prompt_tokens(kept, COUNTER) < 200 - 40  # half the room beside the summary is left for later
    assert overflow(settings, [*history, *turns_of(["one more"])], summary, 40, COUNTER) is None


def test_a_conversation_that_fits_is_not_summarised() -> None:
    history = turns_of(["hello", "hi", "how are you?"])

    assert overflow(ContextSettings("m", SYSTEM_PROMPT, 1000), history, None, 100, COUNTER) is None


def test_a_single_turn_too_long_for_the_budget_is_not_summarised() -> None:
    history = turns_of(["x" * 4000])

    assert overflow(ContextSettings("m", SYSTEM_PROMPT, 100), history, None, 20, COUNTER) is None


def test_the_summary_request_holds_the_previous_summary_then_the_turns() -> None:
    earlier = Summary("They met.", 2, AT, "m")

    text = transcript(earlier, turns_of(["Where to?", "To Rome."]))

    assert text == "Previous summary:\nThey met.\n\nConversation:\nUser: Where to?\nAssistant: To Rome."
