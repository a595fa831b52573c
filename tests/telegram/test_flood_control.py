"""Flood control and the once-a-period refusals, through the real composition root's dispatcher fed
one update at a time (each handled to the end before the next), in process and across two workers
that share one real redis-server."""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from dependency_injector import providers

from adapters.memory.window_counter import InMemoryWindowCounter
from domain.usage import UsageLedger
from entrypoints.container import Container
from entrypoints.settings import Settings
from entrypoints.telegram_container import telegram_over
from tests.contracts.send_slots_contract import Ticks
from tests.support.fake_telegram import FakeTelegram
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import ADMIN, CHANNEL, STRANGER, SUBSCRIBER, TOKEN
from tests.support.telegram_updates import Person, callback, message

SLOW_DOWN = "You are sending messages too fast. Please wait a minute: until then I ignore new messages."
SLOW_DOWN_RU = (
    "Вы отправляете сообщения слишком часто. Подождите минуту: до тех пор новые сообщения я пропускаю."
)
NOT_SUBSCRIBED = "This bot is for subscribers of GPT Bot News. Join the channel, then send /start again."
REMOVED = (
    "You were removed from GPT Bot News, so you cannot use this bot, and you cannot rejoin "
    "the channel yourself. The channel's administrators can let you back in, or one of the bot's "
    "admins can give you access with /allow."
)
KICKED = Person(905, "en")
RUSSIAN_KICKED = Person(906, "ru")


@dataclass
class Worker:
    container: Container
    bot: Bot
    dispatcher: Dispatcher
    model: ScriptedChatModel

    async def handle(self, update: dict[str, Any]) -> None:
        """The whole handling of one update, as polling or the webhook would run it."""
        await self.dispatcher.feed_update(self.bot, Update.model_validate(update, context={"bot": self.bot}))


MakeWorker = Callable[..., Awaitable[Worker]]


@pytest.fixture
async def make_worker(telegram: FakeTelegram, tmp_path: Path) -> AsyncIterator[MakeWorker]:
    made: list[Worker] = []

    async def make(counter: InMemoryWindowCounter | None = None, **overrides: Any) -> Worker:
        values: dict[str, Any] = {
            "telegram_bot_token": TOKEN,
            "telegram_api_base": telegram.url,
            "channel_id": CHANNEL,
            "admin_ids": frozenset({ADMIN.user_id}),
            "database_url": f"sqlite:///{tmp_path / f'worker{len(made)}.db'}",
            "telegram_retry_max_wait_seconds": 5.0,
        } | overrides
        container = Container(settings=Settings(_env_file=None, **values))  # type: ignore[call-arg]
        model = ScriptedChatModel()
        container.chat_model.override(providers.Object(model))
        if counter is not None:
            container.window_counter.override(providers.Object(counter))
        telegram_side = telegram_over(container)
        made.append(Worker(container, telegram_side.bot(), telegram_side.dispatcher(), model))
        return made[-1]

    yield make
    for worker in made:
        await worker.bot.session.close()
        redis = worker.container.redis()
        if redis is not None:
            await redis.aclose()
        worker.container.store().close()


@pytest.fixture(autouse=True)
def channel_members(telegram: FakeTelegram) -> None:
    telegram.members.update({KICKED.user_id: "kicked", RUSSIAN_KICKED.user_id: "kicked"})


def texts_to(telegram: FakeTelegram, person: Person) -> list[str]:
    return telegram.sent_texts(person.user_id)


async def test_a_user_over_the_limit_is_told_to_slow_down_once_and_the_rest_is_dropped(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker(flood_messages_per_minute=3)
    for n in range(6):
        await worker.handle(message(SUBSCRIBER, f"message {n}"))
    assert texts_to(telegram, SUBSCRIBER) == [
        "echo: message 0",
        "echo: message 1",
        "echo: message 2",
        SLOW_DOWN,
    ]
    assert [prompt.turns[-1].text for prompt in worker.model.prompts] == [
        "message 0",
        "message 1",
        "message 2",
    ]
    ledger = await worker.container.usage().ledger_for(SUBSCRIBER.user_id, worker.container.clock().now())
    assert isinstance(ledger, UsageLedger) and len(list(ledger.records)) == 3


async def test_the_next_minute_admits_the_user_again_and_may_warn_again(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    clock = Ticks(0.0)
    worker = await make_worker(counter=InMemoryWindowCounter(monotonic=clock), flood_messages_per_minute=1)
    for words in ("one", "two", "three"):
        await worker.handle(message(SUBSCRIBER, words))
    clock.now = 60.0
    for words in ("four", "five"):
        await worker.handle(message(SUBSCRIBER, words))
    assert texts_to(telegram, SUBSCRIBER) == ["echo: one", SLOW_DOWN, "echo: four", SLOW_DOWN]


async def test_a_dropped_message_is_not_stored(
    telegram: FakeTelegram, make_worker: MakeWorker, tmp_path: Path
) -> None:
    database = f"sqlite:///{tmp_path / 'shared.db'}"
    limited = await make_worker(flood_messages_per_minute=1, database_url=database)
    await limited.handle(message(SUBSCRIBER, "kept"))
    await limited.handle(message(SUBSCRIBER, "over the limit"))
    await limited.handle(message(SUBSCRIBER, "dropped"))
    unlimited = await make_worker(flood_messages_per_minute=0, database_url=database)
    await unlimited.handle(message(SUBSCRIBER, "what did I say?"))
    [prompt] = unlimited.model.prompts
    assert [turn.text for turn in prompt.turns if turn.role == "user"] == ["kept", "what did I say?"]


async def test_admins_are_never_held_back(telegram: FakeTelegram, make_worker: MakeWorker) -> None:
    worker = await make_worker(flood_messages_per_minute=1)
    for n in range(3):
        await worker.handle(message(ADMIN, f"admin {n}"))
    assert texts_to(telegram, ADMIN) == ["echo: admin 0", "echo: admin 1", "echo: admin 2"]


async def test_a_limit_of_zero_turns_flood_control_off(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker(flood_messages_per_minute=0)
    for n in range(25):
        await worker.handle(message(SUBSCRIBER, f"m{n}"))
    assert len(texts_to(telegram, SUBSCRIBER)) == 25 and SLOW_DOWN not in texts_to(telegram, SUBSCRIBER)


async def test_a_redelivered_update_is_not_counted_twice(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker(flood_messages_per_minute=2)
    update = message(SUBSCRIBER, "once")
    await worker.handle(update)
    await worker.handle(update)
    await worker.handle(message(SUBSCRIBER, "twice"))
    assert texts_to(telegram, SUBSCRIBER) == ["echo: once", "echo: twice"]


@pytest.mark.redis
async def test_two_workers_sharing_redis_hold_a_user_to_one_limit(
    telegram: FakeTelegram, make_worker: MakeWorker, redis_url: str
) -> None:
    first = await make_worker(redis_url=redis_url, flood_messages_per_minute=2)
    second = await make_worker(redis_url=redis_url, flood_messages_per_minute=2)
    for n, worker in enumerate([first, second, first, second, first]):
        await worker.handle(message(SUBSCRIBER, f"message {n}"))
    assert texts_to(telegram, SUBSCRIBER) == ["echo: message 0", "echo: message 1", SLOW_DOWN]


async def test_without_redis_each_worker_counts_alone(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    first = await make_worker(flood_messages_per_minute=1)
    second = await make_worker(flood_messages_per_minute=1)
    for n, worker in enumerate([first, second, first, second]):
        await worker.handle(message(SUBSCRIBER, f"message {n}"))
    assert texts_to(telegram, SUBSCRIBER) == ["echo: message 0", "echo: message 1", SLOW_DOWN, SLOW_DOWN]


async def test_a_non_member_is_told_how_to_join_once_then_ignored(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker()
    for words in ("hello", "are you there?", "/start", "hello again"):
        await worker.handle(message(STRANGER, words))
    assert texts_to(telegram, STRANGER) == [NOT_SUBSCRIBED]
    [invitation] = telegram.calls_of("sendMessage", chat_id=STRANGER.user_id)
    assert invitation.params["reply_markup"]["inline_keyboard"][0][0]["url"] == "https://t.me/gptbot_news"
    assert worker.model.prompts == []


async def test_a_non_member_is_told_again_once_the_membership_period_has_passed(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    clock = Ticks(0.0)
    worker = await make_worker(counter=InMemoryWindowCounter(monotonic=clock))
    await worker.handle(message(STRANGER, "hello"))
    clock.now = 599.0
    await worker.handle(message(STRANGER, "still there?"))
    clock.now = 600.0
    await worker.handle(message(STRANGER, "hello again"))
    assert texts_to(telegram, STRANGER) == [NOT_SUBSCRIBED, NOT_SUBSCRIBED]


async def test_a_non_member_still_gets_answers_to_subscribe_and_the_button(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker()
    await worker.handle(message(STRANGER, "hello"))
    await worker.handle(message(STRANGER, "/subscribe"))
    await worker.handle(callback(STRANGER, "something:else"))
    assert texts_to(telegram, STRANGER)[0] == NOT_SUBSCRIBED
    assert texts_to(telegram, STRANGER)[1].startswith("You are not subscribed to GPT Bot News yet.")
    [alert] = telegram.calls_of("answerCallbackQuery")
    assert alert.params["text"] == NOT_SUBSCRIBED


async def test_a_member_removed_from_the_channel_is_told_so_without_a_join_button(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker()
    await worker.handle(message(KICKED, "hello"))
    await worker.handle(message(KICKED, "hello?"))
    assert texts_to(telegram, KICKED) == [REMOVED]
    [told] = telegram.calls_of("sendMessage", chat_id=KICKED.user_id)
    assert "reply_markup" not in told.params
    await worker.handle(message(KICKED, "/subscribe"))
    assert texts_to(telegram, KICKED)[-1] == REMOVED


async def test_a_removed_member_is_told_in_their_language(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker()
    await worker.handle(message(RUSSIAN_KICKED, "привет"))
    assert texts_to(telegram, RUSSIAN_KICKED) == [
        "Вас удалили из канала GPT Bot News, поэтому пользоваться ботом нельзя, а вернуться в канал "
        "самостоятельно не получится. Вернуть вас могут администраторы канала, или администратор бота "
        "может открыть вам доступ командой /allow."
    ]
    [told] = telegram.calls_of("sendMessage", chat_id=RUSSIAN_KICKED.user_id)
    assert "reply_markup" not in told.params


@pytest.mark.redis
async def test_two_workers_sharing_redis_tell_a_non_member_once(
    telegram: FakeTelegram, make_worker: MakeWorker, redis_url: str
) -> None:
    first = await make_worker(redis_url=redis_url)
    second = await make_worker(redis_url=redis_url)
    for worker in (first, second, first):
        await worker.handle(message(STRANGER, "hello"))
    assert texts_to(telegram, STRANGER) == [NOT_SUBSCRIBED]


async def test_a_user_who_chose_russian_is_told_to_slow_down_in_russian(
    telegram: FakeTelegram, make_worker: MakeWorker
) -> None:
    worker = await make_worker(flood_messages_per_minute=1)
    await worker.container.preferences().choose_language(SUBSCRIBER.user_id, "ru")
    for n in range(3):
        await worker.handle(message(SUBSCRIBER, f"message {n}"))
    assert texts_to(telegram, SUBSCRIBER)[-1] == SLOW_DOWN_RU
