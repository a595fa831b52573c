"""A conversation rebuilt from its events is the conversation that produced them."""

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.sql.event_store import EventStoreAggregates
from application.ports import Aggregates
from domain.conversation import Conversation, Role, Turn
from domain.errors import ConversationArchived, NaiveTimestamp
from tests.fakes.aggregates import FakeAggregates

START = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

texts = st.text(max_size=200)
request_ids = st.text(min_size=1, max_size=10)
user_messages = st.tuples(st.just("user"), texts, request_ids)
replies = st.tuples(st.just("reply"), texts, request_ids)
archives = st.tuples(st.just("archive"), st.just(""), st.just(""))
commands = st.lists(st.one_of(user_messages, replies, archives), max_size=25)
Command = tuple[str, str, str]


def conversation_after(history: list[Command], chat_id: int = 7) -> Conversation:
    conversation = Conversation(chat_id=chat_id, at=START)
    for minute, (kind, text, request_id) in enumerate(history, start=1):
        at = START + timedelta(minutes=minute)
        if kind == "archive":
            conversation.archive(at)
            continue
        was_archived = conversation.is_archived
        try:
            if kind == "user":
                conversation.add_user_message(text, request_id, at)
            else:
                conversation.add_reply(text, "gpt-x", request_id, at)
        except ConversationArchived:
            assert was_archived
    return conversation


def replayed(events: Iterable[Any]) -> Any:
    rebuilt: Any = None
    for event in events:
        rebuilt = event.mutate(rebuilt)
    return rebuilt


@given(history=commands, chat_id=st.integers())
def test_a_conversation_rebuilt_from_its_events_equals_the_original(
    history: list[Command], chat_id: int
) -> None:
    original = conversation_after(history, chat_id)
    events = original.collect_events()

    rebuilt = replayed(events)

    assert rebuilt == original
    assert (rebuilt.id, rebuilt.version, rebuilt.chat_id) == (original.id, original.version, chat_id)
    assert rebuilt.turns == original.turns
    assert rebuilt.archived_at == original.archived_at
    assert rebuilt.version == len(events)
    assert all(rebuilt.reply_to(t.request_id) == original.reply_to(t.request_id) for t in original.turns)


@given(history=commands)
def test_turns_are_the_messages_and_replies_added_before_archiving(history: list[Command]) -> None:
    conversation = conversation_after(history)

    active = []
    for kind, text, request_id in history:
        if kind == "archive":
            break
        active.append((Role.USER if kind == "user" else Role.ASSISTANT, text, request_id))
    assert [(t.role, t.text, t.request_id) for t in conversation.turns] == active


@given(history=commands, request_id=request_ids)
def test_a_reply_is_found_by_the_request_it_answers(history: list[Command], request_id: str) -> None:
    conversation = conversation_after(history)

    found = conversation.reply_to(request_id)

    answers = [t for t in conversation.turns if t.role is Role.ASSISTANT and t.request_id == request_id]
    assert found == (answers[-1] if answers else None)


def test_a_naive_timestamp_is_refused() -> None:
    conversation = Conversation(chat_id=1, at=START)

    with pytest.raises(NaiveTimestamp):
        conversation.add_user_message("hi", "r1", datetime(2026, 11, 21, 12, 0))

    assert conversation.turns == []


def test_timestamps_in_other_zones_are_kept_in_utc() -> None:
    conversation = Conversation(chat_id=1, at=START)
    conversation.add_user_message("hi", "r1", datetime(2026, 11, 21, 15, 0, tzinfo=ZoneInfo("Europe/Moscow")))

    assert conversation.turns == [Turn(Role.USER, "hi", START, "r1")]


async def round_trip(store: Aggregates, conversation: Conversation) -> Conversation | None:
    await store.save(conversation)
    return await store.get(conversation.id, Conversation)


@settings(max_examples=25)
@given(history=commands)
def test_a_conversation_read_back_from_a_store_equals_the_original(history: list[Command]) -> None:
    popo = EventStoreAggregates.in_memory()
    try:
        for store in (FakeAggregates(), popo):
            original = conversation_after(history)
            stored = asyncio.run(round_trip(store, original))
            assert stored == original
    finally:
        popo.close()
