"""A reply that will not come is recorded: the message stops waiting, and a conversation rebuilt from its
events, old ones included, knows the same."""

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from adapters.sql.event_store import EventStoreAggregates
from domain.conversation import Conversation, OnRestart, Role

START = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

request_ids = st.sampled_from(["r1", "r2", "r3"])
steps = st.lists(st.tuples(st.sampled_from(["user", "reply", "fail"]), request_ids), max_size=20)


def conversation_after(history: list[tuple[str, str]]) -> Conversation:
    conversation = Conversation(chat_id=7, at=START)
    for minute, (kind, request_id) in enumerate(history, start=1):
        at = START + timedelta(minutes=minute)
        if kind == "user":
            conversation.add_user_message(f"q {request_id}", request_id, at, 7, OnRestart.ANSWER)
        elif kind == "reply":
            conversation.add_reply(f"a {request_id}", "gpt-x", request_id, at)
        else:
            conversation.record_failure(request_id, "model_timeout", at)
    return conversation


@given(history=steps)
def test_a_message_awaits_its_reply_until_answered_or_failed(history: list[tuple[str, str]]) -> None:
    conversation = conversation_after(history)

    last = conversation.turns[-1] if conversation.turns else None
    failed = last is not None and conversation.failure_of(last.request_id) is not None
    expected = last if last is not None and last.role is Role.USER and not failed else None
    assert conversation.awaiting_reply() == expected


@given(history=steps)
def test_a_failure_is_recorded_only_for_a_message_still_without_reply(history: list[tuple[str, str]]) -> None:
    conversation = conversation_after(history)

    asked: set[str] = set()
    answered: set[str] = set()
    failed: set[str] = set()
    for kind, request_id in history:
        if kind == "user":
            asked.add(request_id)
        elif kind == "reply":
            answered.add(request_id)
        elif request_id in asked and request_id not in answered:
            failed.add(request_id)
    assert {r for r in ("r1", "r2", "r3") if conversation.failure_of(r) is not None} == failed


@given(history=steps)
def test_a_conversation_with_failures_rebuilt_from_its_events_equals_the_original(
    history: list[tuple[str, str]],
) -> None:
    original = conversation_after(history)
    rebuilt: Any = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)

    assert rebuilt == original
    assert all(rebuilt.failure_of(r) == original.failure_of(r) for r in ("r1", "r2", "r3"))


def test_a_second_failure_of_the_same_request_is_not_recorded() -> None:
    conversation = conversation_after([("user", "r1"), ("fail", "r1")])

    conversation.record_failure("r1", "cut_short", START + timedelta(hours=1))

    assert conversation.failure_of("r1") == "model_timeout"
    assert conversation.version == 3


def test_a_failed_message_is_still_the_one_a_redelivery_answers() -> None:
    conversation = conversation_after([("user", "r1"), ("fail", "r1")])

    assert conversation.awaiting_reply() is None
    assert conversation.awaits_reply_to("r1")  # delivered again, it is answered, not stored twice


def test_a_message_stored_before_its_sender_was_kept_loads_with_defaults() -> None:
    store = EventStoreAggregates.in_memory()
    try:
        conversation = Conversation(chat_id=7, at=START)
        conversation.add_user_message("old", "r1", START, 7, OnRestart.ANSWER)
        events = conversation.collect_events()
        for name in ("user_id", "on_restart"):  # as an earlier version stored it
            object.__delattr__(events[1], name)
        store.app.recorder.insert_events([store.app.mapper.to_stored_event(e) for e in events])

        loaded = store.app.repository.get(conversation.id)
    finally:
        store.close()

    [turn] = loaded.turns
    assert (turn.text, turn.user_id, turn.on_restart) == ("old", None, OnRestart.TELL)
    assert loaded.awaiting_reply() == turn
