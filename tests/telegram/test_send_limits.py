"""The outbound limiter in the real aiogram session against the fake Bot API server: sends to a chat
are spaced by its chat's limit and by the bot's, the waits computed from an injected clock; reads,
chat actions and callback answers pass untouched; a preview is refused rather than kept waiting; a 429
is still sent again."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter

from adapters.memory.send_slots import InMemorySendSlots
from adapters.telegram.bot import create_bot
from adapters.telegram.messenger import AiogramMessenger
from adapters.telegram.send_limits import SendLimits, TelegramRates
from adapters.telegram.streaming import EditedReply, Throttle
from tests.contracts.send_slots_contract import Ticks
from tests.support.fake_telegram import FakeTelegram
from tests.support.telegram_harness import GROUP, TOKEN

USER = 42
GROUP_SPACING = 60 / 17  # after a burst of 3, so that no minute holds more than 20


class Waits:
    """The limiter's sleep: notes each wait and moves the clock on by it, so no wall time passes."""

    def __init__(self, clock: Ticks) -> None:
        self.clock, self.taken = clock, []

    async def __call__(self, seconds: float) -> None:
        self.taken.append(seconds)
        self.clock.now += seconds


@pytest.fixture
def clock() -> Ticks:
    return Ticks()


@pytest.fixture
def waits(clock: Ticks) -> Waits:
    return Waits(clock)


@pytest.fixture
def slots(clock: Ticks) -> InMemorySendSlots:
    return InMemorySendSlots(monotonic=clock)


async def limited_bot(telegram: FakeTelegram, slots: InMemorySendSlots, waits: Waits, **rates: Any) -> Bot:
    bot = create_bot(TOKEN, telegram.url, max_retry_wait=0.3)
    bot.session.middleware(SendLimits(slots, TelegramRates(**rates), sleep=waits))  # type: ignore[arg-type]
    return bot


@pytest.fixture
async def bot(telegram: FakeTelegram, slots: InMemorySendSlots, waits: Waits) -> AsyncIterator[Bot]:
    """Telegram's limits for chats; the bot's own is lifted here, so that each wait is a chat's."""
    bot = await limited_bot(telegram, slots, waits, per_bot_per_second=0)
    yield bot
    await bot.session.close()


async def test_a_group_takes_a_burst_then_is_spaced_so_no_minute_holds_more_than_twenty(
    telegram: FakeTelegram, bot: Bot, waits: Waits, clock: Ticks
) -> None:
    messenger = AiogramMessenger(bot)
    sent_at = []
    for n in range(45):
        await messenger.send_text(GROUP, f"line {n}")
        sent_at.append(clock.now)
    assert waits.taken[:2] == pytest.approx([GROUP_SPACING, GROUP_SPACING])
    assert len(waits.taken) == 42
    assert max(sum(1 for t in sent_at if start <= t < start + 60) for start in sent_at) == 20
    assert telegram.sent_texts(GROUP) == [f"line {n}" for n in range(45)]


async def test_a_private_chat_takes_a_burst_then_one_message_a_second(
    telegram: FakeTelegram, bot: Bot, waits: Waits
) -> None:
    messenger = AiogramMessenger(bot)
    for n in range(5):
        await messenger.send_text(USER, f"line {n}")
    assert waits.taken == pytest.approx([1.0, 1.0])
    assert telegram.sent_texts(USER) == [f"line {n}" for n in range(5)]


async def test_the_bot_limit_spaces_messages_to_different_chats(
    telegram: FakeTelegram, slots: InMemorySendSlots, waits: Waits
) -> None:
    bot = await limited_bot(telegram, slots, waits, per_bot_per_second=2)
    try:
        for chat in range(1, 6):
            await AiogramMessenger(bot).send_text(chat, "hello")
    finally:
        await bot.session.close()
    assert waits.taken == pytest.approx([0.5, 0.5, 0.5, 0.5])
    assert [call.chat_id for call in telegram.calls_of("sendMessage")] == [1, 2, 3, 4, 5]


async def test_edits_and_files_count_against_the_chat_as_messages_do(
    telegram: FakeTelegram, bot: Bot, waits: Waits
) -> None:
    messenger = AiogramMessenger(bot)
    [placeholder] = await messenger.send_plain(GROUP, "…")
    await messenger.edit_text(GROUP, placeholder.message_id, "done")
    await messenger.send_file(GROUP, "notes.txt", b"notes", "here")
    await messenger.edit_text(GROUP, placeholder.message_id, "done, and filed")
    assert waits.taken == pytest.approx([GROUP_SPACING])
    assert [c.method for c in telegram.calls_of("sendMessage", "editMessageText", "sendDocument")] == [
        "sendMessage",
        "editMessageText",
        "sendDocument",
        "editMessageText",
    ]


async def test_reads_chat_actions_and_callback_answers_take_no_slot(
    telegram: FakeTelegram, bot: Bot, waits: Waits, slots: InMemorySendSlots
) -> None:
    await bot.get_me()
    await bot.get_chat_member("@channel", USER)
    await bot.send_chat_action(GROUP, "typing")
    await bot.answer_callback_query("callback-1", text="ok")
    assert slots.arrivals == {} and waits.taken == []
    assert len(telegram.calls) == 4


async def test_a_preview_that_would_wait_is_refused_at_once_and_not_sent(
    telegram: FakeTelegram, bot: Bot, waits: Waits
) -> None:
    messenger = AiogramMessenger(bot)
    [placeholder, *_] = [message for _ in range(3) for message in await messenger.send_plain(GROUP, "…")]
    with pytest.raises(TelegramRetryAfter) as refused:
        await messenger.show_preview(GROUP, placeholder.message_id, "half a repl")
    assert refused.value.retry_after == 4 and waits.taken == []
    assert not telegram.calls_of("editMessageText")
    # The refused preview held no slot: the finished reply waits only for the group's next one.
    await messenger.edit_text(GROUP, placeholder.message_id, "half a reply, finished")
    assert waits.taken == pytest.approx([GROUP_SPACING])
    assert telegram.sent_texts(GROUP)[0] == "half a reply, finished"


async def test_a_preview_due_within_its_patience_waits_for_its_slot(
    telegram: FakeTelegram, bot: Bot, waits: Waits, clock: Ticks
) -> None:
    messenger = AiogramMessenger(bot)
    for n in range(3):  # the chat's burst
        await messenger.show_draft(USER, 1, f"draft {n}")
    clock.now += 0.9  # the chat's next slot is a tenth of a second away
    await messenger.show_draft(USER, 1, "draft 3")
    assert waits.taken == pytest.approx([0.1])
    assert len(telegram.calls_of("sendMessageDraft")) == 4


async def test_a_rate_limited_message_takes_a_slot_again_and_arrives_once(
    telegram: FakeTelegram, slots: InMemorySendSlots, waits: Waits
) -> None:
    bot = await limited_bot(telegram, slots, waits, per_bot_per_second=0, group_burst=1)
    try:
        telegram.fail_next("sendMessage", retry_after=1)
        await AiogramMessenger(bot).send_text(GROUP, "after the 429")
    finally:
        await bot.session.close()
    assert len(telegram.calls_of("sendMessage")) == 2
    assert telegram.sent_texts(GROUP) == ["after the 429"]
    assert waits.taken == pytest.approx([3.0])  # the second attempt waited for the group's next slot


async def spend_the_group_burst(messenger: AiogramMessenger, clock: Ticks) -> EditedReply:
    """Two earlier messages and the reply's placeholder: the group's burst of three is used up."""
    await messenger.send_text(GROUP, "earlier")
    await messenger.send_text(GROUP, "earlier still")
    reply = EditedReply(messenger, GROUP, reply_to=1, throttle=Throttle(1.0, monotonic=clock))
    await reply.start()
    return reply


async def test_a_group_preview_the_limiter_refuses_holds_the_next_off_and_the_reply_still_arrives(
    telegram: FakeTelegram, bot: Bot, waits: Waits, clock: Ticks
) -> None:
    reply = await spend_the_group_burst(AiogramMessenger(bot), clock)
    clock.now += 1.0  # the throttle's interval: a preview is due, the group's next slot is 2.5 s off
    await reply.push("Half a reply")
    assert not telegram.calls_of("editMessageText")
    assert reply.throttle.next_at == pytest.approx(clock.now + 3)  # held off for the refusal's retry_after
    assert not reply.throttle.ready()
    reply.model_done()
    clock.now = reply.throttle.next_at
    await reply.finish(["Half a reply, and the rest."])
    [final] = telegram.calls_of("editMessageText")
    assert final.params["text"] == "Half a reply, and the rest."
    assert waits.taken == []  # the throttle's hold-off outlasted the limiter's wait


async def test_a_finished_group_reply_waits_for_the_group_s_next_slot(
    telegram: FakeTelegram, bot: Bot, waits: Waits, clock: Ticks
) -> None:
    reply = await spend_the_group_burst(AiogramMessenger(bot), clock)
    reply.model_done()
    clock.now += 1.0  # the throttle's interval has passed; the group's next slot has not come yet
    await reply.finish(["All at once."])
    assert waits.taken == pytest.approx([GROUP_SPACING - 1.0])
    assert telegram.sent_texts(GROUP)[-1] == "All at once."
