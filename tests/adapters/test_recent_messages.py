"""The conversations with users' messages stored lately, read backwards from the end of the store's log."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.recent_messages import RecorderRecentMessages
from domain.conversation import Conversation
from domain.usage import UsageLedger
from tests.support.stores import StoreKind, close_store, open_store

START = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture(
    params=[
        pytest.param(StoreKind.POPO, id="popo"),
        pytest.param(StoreKind.SQLITE, id="sqlite"),
        pytest.param(StoreKind.POSTGRES, id="postgres", marks=pytest.mark.postgres),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EventStoreAggregates]:
    opened = open_store(request.param, request, tmp_path)
    assert isinstance(opened, EventStoreAggregates)
    try:
        yield opened
    finally:
        close_store(opened)


async def chats_writing(
    store: EventStoreAggregates, minutes: list[tuple[int, int]]
) -> dict[int, Conversation]:
    """Each (chat, minute) a user's message, with a reply and another aggregate's events in between."""
    conversations: dict[int, Conversation] = {}
    for n, (chat_id, minute) in enumerate(minutes):
        at = START + timedelta(minutes=minute)
        conversation = conversations.setdefault(chat_id, Conversation(chat_id=chat_id, at=at))
        conversation.add_user_message(f"message {n}", f"r{n}", at, chat_id)
        conversation.add_reply(f"reply {n}", "gpt-x", f"r{n}", at)
        await store.save(conversation, UsageLedger(user_id=1000 + n, period="2026-11"))
    return conversations


async def test_the_conversations_written_since_come_newest_first_each_once(
    store: EventStoreAggregates,
) -> None:
    chats = await chats_writing(store, [(1, 0), (2, 5), (3, 6), (2, 7), (4, 8), (3, 9)])

    found = RecorderRecentMessages(store.app).conversations_since(START + timedelta(minutes=6))

    assert found == [chats[3].id, chats[4].id, chats[2].id]


@pytest.mark.parametrize("batch", [1, 2, 3, 7])
async def test_batches_smaller_than_the_log_find_the_same(store: EventStoreAggregates, batch: int) -> None:
    chats = await chats_writing(store, [(chat, minute) for minute, chat in enumerate([1, 2, 3, 1, 4, 5, 2])])
    since = START + timedelta(minutes=2)

    found = RecorderRecentMessages(store.app, batch=batch).conversations_since(since)

    assert found == [chats[2].id, chats[5].id, chats[4].id, chats[1].id, chats[3].id]


async def test_nothing_recent_finds_nothing(store: EventStoreAggregates) -> None:
    await chats_writing(store, [(1, 0), (2, 1)])

    assert RecorderRecentMessages(store.app).conversations_since(START + timedelta(minutes=2)) == []


def test_an_empty_log_finds_nothing(store: EventStoreAggregates) -> None:
    assert RecorderRecentMessages(store.app).conversations_since(START) == []
