"""Stopping the bot loses no message: intake stops, replies in hand finish within the grace period, a
reply still unfinished when it ends tells its user to send the message again, and serve returns."""

import pytest

from application.messages import text
from domain.usage import UsageLedger
from entrypoints.container import Container
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import Person, message

MODES = [pytest.param(False, id="polling"), pytest.param(True, id="webhook")]


async def stop_mid_reply(bot: RunningBot, person: Person, words: str) -> None:
    """Sends the message and, once the model has begun its reply, asks the bot to stop."""
    await bot.send(message(person, words))
    await bot.telegram.wait_until(lambda: bot.model.running > 0)
    bot.stop.set()


async def charges_after_stop(bot: RunningBot, person: Person) -> int:
    """The usage records of the person, read from the store the stopped bot left behind."""
    store = Container(settings=bot.container.settings())
    try:
        ledger = await store.usage().ledger_for(person.user_id, store.clock().now())
        return len(ledger.records) if isinstance(ledger, UsageLedger) else 0
    finally:
        store.store().close()


@pytest.mark.parametrize("webhook", MODES)
async def test_a_reply_in_hand_when_the_bot_stops_is_delivered_and_serve_returns(
    start_bot: StartBot, webhook: bool
) -> None:
    bot = await start_bot(webhook=webhook, model=ScriptedChatModel(pieces=4, pause=0.3))
    await stop_mid_reply(bot, SUBSCRIBER, "finish this one")
    fetches = len(bot.telegram.calls_of("getUpdates"))

    await bot.stopped()

    assert bot.finished(SUBSCRIBER.user_id) == ["echo: finish this one"]
    assert await charges_after_stop(bot, SUBSCRIBER) == 1
    assert len(bot.telegram.calls_of("getUpdates")) == fetches  # polling fetched nothing more


@pytest.mark.parametrize(("webhook", "person"), [(False, SUBSCRIBER), (True, RUSSIAN)])
async def test_a_reply_unfinished_when_the_grace_ends_tells_its_user_to_send_again(
    start_bot: StartBot, webhook: bool, person: Person
) -> None:
    slow = ScriptedChatModel(pieces=4, pause=5.0)
    bot = await start_bot(webhook=webhook, model=slow, shutdown_grace_seconds=0.2)
    await stop_mid_reply(bot, person, "too slow to finish")

    await bot.stopped()

    assert bot.finished(person.user_id) == [text("restarted_unanswered", person.language)]
    assert slow.running == 0
    assert await charges_after_stop(bot, person) == 0


async def test_a_reply_cut_short_is_told_in_the_language_its_user_chose(start_bot: StartBot) -> None:
    bot = await start_bot(model=ScriptedChatModel(pieces=4, pause=5.0), shutdown_grace_seconds=0.2)
    await bot.container.preferences().choose_language(SUBSCRIBER.user_id, "ru")  # the app says English
    await stop_mid_reply(bot, SUBSCRIBER, "too slow to finish")

    await bot.stopped()

    assert bot.finished(SUBSCRIBER.user_id) == [
        "Я перезапустился и не успел вам ответить. Пожалуйста, отправьте сообщение ещё раз."
    ]


async def test_webhook_deliveries_while_the_bot_stops_get_503_and_reach_the_next_process(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(webhook=True, model=ScriptedChatModel(pieces=4, pause=0.3))
    await stop_mid_reply(bot, SUBSCRIBER, "in hand")
    late = message(SUBSCRIBER, "arrived while stopping")

    assert await bot.telegram.deliver_webhook(late) == 503
    await bot.stopped()
    assert bot.finished(SUBSCRIBER.user_id) == ["echo: in hand"]
    assert [p.turns[-1].text for p in bot.model.prompts] == ["in hand"]

    # Telegram delivers the refused update again, to the process that took over.
    following = await start_bot(webhook=True)
    await following.telegram.wait_until(lambda: len(following.telegram.calls_of("setWebhook")) == 2)
    await following.send(late)
    assert (await following.texts_in(SUBSCRIBER.user_id, 2))[-1] == "echo: arrived while stopping"


async def test_stopping_with_nothing_in_hand_returns_at_once_and_tells_no_one(start_bot: StartBot) -> None:
    bot = await start_bot(shutdown_grace_seconds=600)
    await bot.send(message(SUBSCRIBER, "quick"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: quick"]

    await bot.stopped()  # its guard is far shorter than the grace: nothing in hand, nothing waited for

    assert bot.finished(SUBSCRIBER.user_id) == ["echo: quick"]
