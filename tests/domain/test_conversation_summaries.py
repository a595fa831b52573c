"""A conversation keeps the model's summary of its older turns beside them: each summary covers more
turns than the one before it, and a conversation rebuilt from its events knows the same."""

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adapters.sql.event_store import EventStoreAggregates
from domain.conversation import Conversation, Summary
from domain.errors import ConversationArchived, InvalidSummary, NaiveTimestamp

START = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def conversation_of(exchanges: int) -> Conversation:
    conversation = Conversation(chat_id=7, at=START)
    for n in range(exchanges):
        at = START + timedelta(minutes=n)
        conversation.add_user_message(f"question {n}", f"r{n}", at, 7)
        conversation.add_reply(f"answer {n}", "gpt-x", f"r{n}", at)
    return conversation


def test_a_summary_is_kept_beside_the_turns_it_covers() -> None:
    conversation = conversation_of(3)

    conversation.summarise("They talked about questions 0 and 1.", 4, START, "gpt-mini")

    assert conversation.summary == Summary("They talked about questions 0 and 1.", 4, START, "gpt-mini")
    assert len(conversation.turns) == 6


def test_a_later_summary_replaces_the_earlier_one() -> None:
    conversation = conversation_of(4)
    conversation.summarise("first", 2, START, "m")

    conversation.summarise("first and more", 6, START + timedelta(hours=1), "m")

    assert conversation.summary == Summary("first and more", 6, START + timedelta(hours=1), "m")


@given(first=st.integers(1, 8), second=st.integers(-2, 10))
def test_a_summary_covers_more_turns_than_the_one_before_and_no_more_than_there_are(
    first: int, second: int
) -> None:
    conversation = conversation_of(4)
    conversation.summarise("first", first, START, "m")

    if first < second <= 8:
        conversation.summarise("second", second, START, "m")
        assert conversation.summary is not None and conversation.summary.covers == second
    else:
        with pytest.raises(InvalidSummary):
            conversation.summarise("second", second, START, "m")
        assert conversation.summary == Summary("first", first, START, "m")


@pytest.mark.parametrize("text", ["", "  \n"])
def test_a_summary_needs_text(text: str) -> None:
    conversation = conversation_of(2)

    with pytest.raises(InvalidSummary):
        conversation.summarise(text, 2, START, "m")

    assert conversation.summary is None


def test_an_archived_conversation_is_not_summarised() -> None:
    conversation = conversation_of(2)
    conversation.archive(START)

    with pytest.raises(ConversationArchived):
        conversation.summarise("late", 2, START, "m")


def test_a_summary_needs_a_utc_time() -> None:
    conversation = conversation_of(2)

    with pytest.raises(NaiveTimestamp):
        conversation.summarise("text", 2, datetime(2026, 11, 21, 12, 0), "m")


def test_a_summarised_conversation_rebuilt_from_its_events_equals_the_original() -> None:
    original = conversation_of(3)
    original.summarise("early", 2, START, "m")
    original.add_user_message("later", "r9", START, 7)
    original.summarise("early and middle", 5, START, "m")
    rebuilt: Any = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)

    assert rebuilt == original
    assert rebuilt.summary == Summary("early and middle", 5, START, "m")
    assert rebuilt.turns == original.turns


def test_a_summary_is_read_back_from_the_store_and_a_conversation_without_one_has_none() -> None:
    store = EventStoreAggregates.in_memory()

    async def round_trip() -> tuple[Conversation | None, Conversation | None]:
        summarised, plain = conversation_of(2), conversation_of(2)
        summarised.summarise("what they said", 3, START, "m")
        await store.save(summarised, plain)
        return await store.get(summarised.id, Conversation), await store.get(plain.id, Conversation)

    try:
        summarised, plain = asyncio.run(round_trip())
    finally:
        store.close()

    assert summarised is not None and summarised.summary == Summary("what they said", 3, START, "m")
    assert plain is not None and plain.summary is None
