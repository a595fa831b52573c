"""A user who chose a language with /language is refused in it, by the access gate and the pause alike,
though their Telegram app speaks another; when the choice cannot be read, the refusal still comes, in the
app's language."""

from tests.fakes.aggregates import FakeAggregates
from tests.support.telegram_harness import ADMIN, BANNED, STRANGER, SUBSCRIBER, RunningBot, StartBot, ban
from tests.support.telegram_updates import callback, message

NOT_SUBSCRIBED_RU = "Бот доступен подписчикам GPT Bot News. Подпишитесь на канал и отправьте /start ещё раз."
NOT_SUBSCRIBED = "This bot is for subscribers of GPT Bot News. Join the channel, then send /start again."


async def chose_russian(bot: RunningBot, user_id: int) -> None:
    await bot.container.preferences().choose_language(user_id, "ru")


async def test_a_non_subscriber_who_chose_russian_is_refused_in_russian(start_bot: StartBot) -> None:
    bot = await start_bot()
    await chose_russian(bot, STRANGER.user_id)

    await bot.send(message(STRANGER, "hello"))

    assert await bot.texts_in(STRANGER.user_id, 1) == [NOT_SUBSCRIBED_RU]
    [refusal] = bot.telegram.calls_of("sendMessage", chat_id=STRANGER.user_id)
    buttons = refusal.params["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["Перейти в канал", "Я подписался"]


async def test_a_button_pressed_by_a_non_subscriber_who_chose_russian_alerts_in_russian(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    await chose_russian(bot, STRANGER.user_id)

    await bot.send(callback(STRANGER, "something:else"))

    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("answerCallbackQuery")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"] == NOT_SUBSCRIBED_RU


async def test_a_banned_user_who_chose_russian_is_told_in_russian(start_bot: StartBot) -> None:
    bot = await start_bot()
    await chose_russian(bot, BANNED.user_id)
    await ban(bot.store, BANNED.user_id)

    await bot.send(message(BANNED, "hello"))

    assert await bot.texts_in(BANNED.user_id, 1) == ["Доступ к этому боту закрыт."]


async def test_a_failed_membership_check_is_reported_in_the_chosen_language(start_bot: StartBot) -> None:
    bot = await start_bot()
    await chose_russian(bot, SUBSCRIBER.user_id)
    bot.telegram.refuse_next("getChatMember", "Bad Request: member list is inaccessible")

    await bot.send(message(SUBSCRIBER, "hello"))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "Не удалось проверить подписку на канал. Попробуйте через минуту."
    ]


async def test_a_refusal_is_sent_in_the_apps_language_when_the_choice_cannot_be_read(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    await chose_russian(bot, STRANGER.user_id)
    unreadable = FakeAggregates()
    unreadable.available = False
    bot.container.preferences().store = unreadable  # only the choices' reads fail; access is decided

    await bot.send(message(STRANGER, "hello"))

    assert await bot.texts_in(STRANGER.user_id, 1) == [NOT_SUBSCRIBED]


async def test_the_pause_is_told_in_the_chosen_language(start_bot: StartBot) -> None:
    bot = await start_bot()
    await chose_russian(bot, SUBSCRIBER.user_id)
    await bot.container.pause().pause(ADMIN.user_id)

    await bot.send(message(SUBSCRIBER, "/usage"))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "Бот временно приостановлен администратором. Это не сохранено; пришлите, пожалуйста, ещё раз, "
        "когда бот снова заработает."
    ]
