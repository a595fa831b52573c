"""/language end to end: the choice as buttons, remembered in the user's preferences, and the bot speaking
it from then on over the language of the user's Telegram app, its command menu included; /mode in the
user's language."""

from typing import Any

from domain.preferences import Preferences, preferences_id_of
from tests.support.telegram_harness import ADMIN, RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import callback, message


def buttons_of(bot: RunningBot, chat_id: int) -> list[dict[str, Any]]:
    last = bot.telegram.calls_of("sendMessage", chat_id=chat_id)[-1]
    return [row[0] for row in last.params["reply_markup"]["inline_keyboard"]]


def chat_menus(bot: RunningBot, chat_id: int) -> list[dict[str, str]]:
    """The descriptions of the command menus published for one chat, latest last."""
    calls = [
        c
        for c in bot.telegram.calls_of("setMyCommands")
        if (c.params.get("scope") or {}).get("chat_id") == chat_id
    ]
    return [{c["command"]: c["description"] for c in call.params["commands"]} for call in calls]


async def test_language_offers_each_language_named_in_itself(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/language"))

    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["Your language: English\nChoose another:"]
    buttons = buttons_of(bot, SUBSCRIBER.user_id)
    assert [(b["text"], b["callback_data"]) for b in buttons] == [
        ("✓ English", "lang:en"),
        ("Русский", "lang:ru"),
    ]


async def test_a_language_chosen_by_button_is_spoken_from_then_on(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/language"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)

    await bot.send(callback(SUBSCRIBER, "lang:ru"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("editMessageText")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"] == "Теперь я говорю с вами по-русски."
    [edit] = bot.telegram.calls_of("editMessageText")
    assert edit.params["text"] == "Ваш язык: Русский\nВыберите другой:"

    await bot.send(message(SUBSCRIBER, "/usage"))  # the app still says English
    usage = (await bot.texts_in(SUBSCRIBER.user_id, 3))[-1]  # the menu, the pressed message, the usage
    assert usage.splitlines()[0] == "Сегодня: 0 токенов, $0.000000"
    preferences = await bot.store.get(preferences_id_of(SUBSCRIBER.user_id), Preferences)
    assert preferences is not None and preferences.language == "ru"
    await bot.telegram.wait_until(lambda: bool(chat_menus(bot, SUBSCRIBER.user_id)))
    menu = chat_menus(bot, SUBSCRIBER.user_id)[-1]
    assert menu["language"] == "выбрать язык, на котором я с вами говорю"
    assert menu["usage"] == "ваши токены и расходы за сегодня и за месяц, остаток бюджета"
    assert "status" not in menu


async def test_a_language_chosen_by_argument_overrides_the_apps(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(RUSSIAN, "/language en"))
    assert await bot.texts_in(RUSSIAN.user_id, 1) == ["From now on I speak English with you."]

    await bot.send(message(RUSSIAN, "/reset"))
    assert (await bot.texts_in(RUSSIAN.user_id, 2))[
        -1
    ] == "Started a new conversation. The previous one is archived."


async def test_an_admin_keeps_the_admin_commands_in_the_chosen_language(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "/language ru"))
    assert await bot.texts_in(ADMIN.user_id, 1) == ["Теперь я говорю с вами по-русски."]

    await bot.telegram.wait_until(
        lambda: len(chat_menus(bot, ADMIN.user_id)) == 2
    )  # at start, then in Russian
    start, chosen = chat_menus(bot, ADMIN.user_id)
    assert start["dashboard"] == "a single-use login link to the web dashboard"
    assert chosen["dashboard"] == "одноразовая ссылка для входа в веб-панель"
    assert chosen["language"] == "выбрать язык, на котором я с вами говорю"


async def test_a_language_without_a_catalog_is_refused_with_the_choices(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(RUSSIAN, "/language de"))

    assert await bot.texts_in(RUSSIAN.user_id, 1) == ["Языка «de» здесь нет. Выберите один из: en, ru"]


async def test_mode_names_and_describes_the_modes_in_russian(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(RUSSIAN, "/mode"))

    assert await bot.texts_in(RUSSIAN.user_id, 1) == [
        "Ваш режим: Ассистент (default)\n"
        "Выберите другой командой /mode <название> или кнопкой:\n"
        "✓ Ассистент (default) — ясные и краткие ответы\n"
        "• Краткие ответы (concise) — не больше трёх предложений\n"
        "• Репетитор (tutor) — объясняет по шагам и проверяет понимание\n"
        "• Переводчик (translator) — с русского на английский, с любого другого языка на русский\n"
        "• Программист (coder) — сначала рабочий код, потом краткое пояснение"
    ]
    assert [b["text"] for b in buttons_of(bot, RUSSIAN.user_id)][:2] == [
        "✓ Ассистент (default)",
        "Краткие ответы (concise)",
    ]

    await bot.send(callback(RUSSIAN, "pref:mode:tutor"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("answerCallbackQuery")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"] == "Режим: Репетитор."
