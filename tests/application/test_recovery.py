"""Recovery on start-up: a message a stopped process left with neither a reply nor a recorded failure is
answered once, or its user told why not; everything else is left alone."""

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.memory.lock import InMemoryConversationLock
from adapters.sql.event_store import EventStoreAggregates
from adapters.sql.recent_messages import RecorderRecentMessages
from application.admin.pause import PauseService
from application.chat.recovery import Recovery
from application.messages import text
from application.model_io import FailureKind, ImageInput, ModelFailure
from application.ports import ConversationLock
from domain.budget import Limits
from domain.conversation import Role
from tests.application.wiring import Bot, build_bot
from tests.fakes.chat_sender import FakeChatSender, HeldPreview
from tests.support.stores import StoreKind, close_store, open_store

CHAT = USER = 42
WINDOW = timedelta(minutes=10)
PHOTO = ImageInput(b"\x89PNG\r\n\x1a\nfake", "image/png")


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


def restarted(
    store: EventStoreAggregates, before: Bot, lock: ConversationLock | None = None, **options: object
) -> tuple[Bot, Recovery, FakeChatSender]:
    """A new process on the same store, its clock where the stopped one's was."""
    bot = build_bot(store, start=before.clock.now(), **options)  # type: ignore[arg-type]
    if lock is not None:  # workers that share one lock, as they share Redis's
        bot.chat.lock = lock
    sender = FakeChatSender()
    recovery = Recovery(
        bot.chat, store, RecorderRecentMessages(store.app), bot.chat.lock, sender, bot.clock, WINDOW
    )
    return bot, recovery, sender


async def stopped_mid_reply(bot: Bot, words: str, request_id: str, chat_id: int = CHAT) -> None:
    """The message is stored and the model has begun when the process stops: nothing else happens."""
    preview = HeldPreview()
    replying = asyncio.create_task(bot.chat.send_message(chat_id, USER, words, request_id, preview))
    await preview.reached.wait()
    replying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await replying


async def test_a_message_left_mid_reply_is_answered_once_and_charged_once(
    store: EventStoreAggregates,
) -> None:
    await stopped_mid_reply(build_bot(store), "are you there?", "r1")
    bot, recovery, sender = restarted(store, build_bot(store))
    bot.model.will_reply("Yes, **here**.")

    assert await recovery.recover() == 1
    assert await recovery.recover() == 0

    assert sender.sent == [(CHAT, "reply", "Yes, **here**.")]
    turns = await bot.chat.history(CHAT)
    assert [(t.role, t.text) for t in turns] == [
        (Role.USER, "are you there?"),
        (Role.ASSISTANT, "Yes, **here**."),
    ]
    ledger = await bot.usage.ledger_for(USER, bot.clock.now())
    assert ledger is not None
    # (a stream cut short in this process may leave an estimate of its own, under another id: ADR 9)
    assert [record.request_id for record in ledger.records].count("r1") == 1


async def test_the_recovered_answer_sees_the_conversation_before_it(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    first.model.will_reply("Hi!")
    await first.chat.send_message(CHAT, USER, "hello", "r1")
    await stopped_mid_reply(first, "how are you?", "r2")
    bot, recovery, _ = restarted(store, first)

    await recovery.recover()

    [prompt] = bot.model.prompts
    assert [(t.role, t.text) for t in prompt.turns] == [
        (Role.USER, "hello"),
        (Role.ASSISTANT, "Hi!"),
        (Role.USER, "how are you?"),
    ]


async def test_a_message_older_than_the_window_is_not_answered(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "anyone?", "r1")
    first.clock.advance(minutes=10, seconds=1)
    bot, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 0

    assert sender.sent == []
    assert bot.model.prompts == []


async def test_a_message_just_inside_the_window_is_answered(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "anyone?", "r1")
    first.clock.advance(minutes=9, seconds=59)
    _, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 1
    assert [kind for _, kind, _ in sender.sent] == ["reply"]


async def test_a_failed_request_is_not_answered_again(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    first.model.will_fail(ModelFailure(FailureKind.TIMEOUT, "no answer"))
    with pytest.raises(ModelFailure):
        await first.chat.send_message(CHAT, USER, "hello", "r1")
    bot, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 0

    assert sender.sent == []
    assert bot.model.prompts == []


async def test_a_request_told_to_send_again_is_not_answered(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "hello", "r1")
    await first.chat.record_failure(CHAT, "r1", "cut_short")
    _, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 0
    assert sender.sent == []


async def test_a_message_with_a_photo_gets_a_word_to_send_it_again_once(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    preview = HeldPreview()
    replying = asyncio.create_task(
        first.chat.send_attachment(CHAT, USER, PHOTO, "what is this?", "r1", preview)
    )
    await preview.reached.wait()
    replying.cancel()
    with pytest.raises(asyncio.CancelledError):
        await replying
    bot, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 1
    assert await recovery.recover() == 0

    assert sender.sent == [(CHAT, "notice", text("restarted_unanswered"))]
    assert bot.model.prompts == []  # the photo is not kept: answering the caption alone would mislead


async def test_a_message_kept_while_the_bot_was_paused_is_not_answered(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await first.chat.keep_message(CHAT, "for later", "r1")
    bot, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 0
    assert sender.sent == []
    assert bot.model.prompts == []


async def test_a_message_over_budget_now_tells_its_user_why_once(store: EventStoreAggregates) -> None:
    await stopped_mid_reply(build_bot(store), "one more question", "r1")
    first = build_bot(store)
    _, recovery, sender = restarted(store, first, limits=Limits(daily_tokens=1))

    assert await recovery.recover() == 1
    assert await recovery.recover() == 0

    [(chat, kind, words)] = sender.sent
    assert (chat, kind) == (CHAT, "notice")
    assert words == "You have reached your daily limit of 1 token. It resets at midnight UTC."


async def test_a_model_down_at_recovery_tells_its_user_once(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "hello", "r1")
    bot, recovery, sender = restarted(store, first)
    bot.model.will_fail(ModelFailure(FailureKind.UNAVAILABLE, "down"))

    assert await recovery.recover() == 1
    assert await recovery.recover() == 0

    assert sender.sent == [(CHAT, "notice", text("model_unavailable"))]


async def test_an_unanswered_message_followed_by_an_answered_one_is_not_answered(
    store: EventStoreAggregates,
) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "lost", "r1")
    first.model.will_reply("Answered.")
    await first.chat.send_message(CHAT, USER, "newer", "r2")
    _, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 0
    assert sender.sent == []


async def test_a_conversation_reset_since_is_left_alone(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "lost", "r1")
    await first.chat.reset(CHAT)
    _, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 0
    assert sender.sent == []


async def test_every_chat_left_waiting_is_answered(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    for chat_id in (1, 2, 3):
        await stopped_mid_reply(first, f"from chat {chat_id}", f"r{chat_id}", chat_id)
    _, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 3
    assert sorted((chat, kind, words) for chat, kind, words in sender.sent) == [
        (1, "reply", "echo: from chat 1"),
        (2, "reply", "echo: from chat 2"),
        (3, "reply", "echo: from chat 3"),
    ]


async def test_two_workers_recovering_together_answer_once(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "hello", "r1")
    shared = InMemoryConversationLock()
    one, recovery_one, sender_one = restarted(store, first, shared)
    two, recovery_two, sender_two = restarted(store, first, shared)

    counts = await asyncio.gather(recovery_one.recover(), recovery_two.recover())

    assert sorted(counts) == [0, 1]
    assert len(sender_one.sent + sender_two.sent) == 1
    assert len(one.model.prompts + two.model.prompts) == 1


async def test_a_message_a_live_worker_is_answering_is_not_answered_twice(
    store: EventStoreAggregates,
) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "hello", "r1")
    shared = InMemoryConversationLock()
    live, recovery, sender = restarted(store, first, shared)
    preview = HeldPreview()
    # The same update delivered again reaches a live worker, which holds the conversation's lock.
    answering = asyncio.create_task(live.chat.send_message(CHAT, USER, "hello", "r1", preview))
    await preview.reached.wait()
    recovering = asyncio.create_task(recovery.recover())
    preview.release.set()

    reply = await answering
    assert await recovering == 0

    assert reply.text == "echo: hello"
    assert sender.sent == []
    assert len(live.model.prompts) == 1


async def test_recovery_with_a_window_of_zero_does_nothing(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "hello", "r1")
    bot, _, sender = restarted(store, first)
    recovery = Recovery(
        bot.chat, store, RecorderRecentMessages(store.app), bot.chat.lock, sender, bot.clock, timedelta(0)
    )

    assert await recovery.recover() == 0
    assert bot.model.prompts == []


async def test_a_paused_bot_answers_nothing_left_waiting(store: EventStoreAggregates) -> None:
    first = build_bot(store)
    await stopped_mid_reply(first, "hello", "r1")
    await PauseService(store, first.clock).pause(by=1)
    bot, recovery, sender = restarted(store, first)

    assert await recovery.recover() == 0
    assert sender.sent == []
    assert bot.model.prompts == []
