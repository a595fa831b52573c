"""/model and /mode end to end: the current choice with buttons, choosing by argument or button, a clear
answer to a choice not on offer, and the next model call using what was chosen."""

from typing import Any

from adapters.offline.chat_model import OFFLINE_MODEL
from entrypoints.model_wiring import load_modes
from tests.support.telegram_harness import RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import callback, message

MODELS = ("gpt-5", "gpt-5-mini")


def buttons_of(bot: RunningBot, chat_id: int) -> list[dict[str, Any]]:
    last = bot.telegram.calls_of("sendMessage", chat_id=chat_id)[-1]
    return [row[0] for row in last.params["reply_markup"]["inline_keyboard"]]


async def test_model_shows_the_current_model_and_a_button_for_each_allowed_one(start_bot: StartBot) -> None:
    bot = await start_bot(allowed_models=MODELS)
    await bot.send(message(SUBSCRIBER, "/model"))
    [menu] = await bot.texts_in(SUBSCRIBER.user_id, 1)

    assert menu == f"Your model: {OFFLINE_MODEL}\nChoose another with /model <name> or a button:"
    buttons = buttons_of(bot, SUBSCRIBER.user_id)
    assert [b["callback_data"] for b in buttons] == [
        f"pref:model:{name}" for name in (OFFLINE_MODEL, *MODELS)
    ]
    assert [b["text"] for b in buttons] == [f"✓ {OFFLINE_MODEL}", *MODELS]


async def test_model_names_the_models_only_on_its_buttons_in_russian_too(start_bot: StartBot) -> None:
    bot = await start_bot(allowed_models=MODELS)
    await bot.send(message(RUSSIAN, "/model gpt-5"))
    await bot.texts_in(RUSSIAN.user_id, 1)
    await bot.send(message(RUSSIAN, "/model"))
    menu = (await bot.texts_in(RUSSIAN.user_id, 2))[-1]

    assert menu == "Ваша модель: gpt-5\nВыберите другую командой /model <название> или кнопкой:"
    assert [b["text"] for b in buttons_of(bot, RUSSIAN.user_id)] == [OFFLINE_MODEL, "✓ gpt-5", "gpt-5-mini"]


async def test_a_model_chosen_by_argument_answers_the_next_message_and_is_remembered(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(allowed_models=MODELS)
    await bot.send(message(SUBSCRIBER, "/model gpt-5"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["From now on gpt-5 answers you."]
    await bot.send(message(SUBSCRIBER, "hello"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)

    assert bot.model.prompts[-1].model == "gpt-5"
    [record] = await bot.usage_records(SUBSCRIBER.user_id)
    assert record.usage.model == "gpt-5"


async def test_a_model_not_on_offer_is_refused_with_the_choices(start_bot: StartBot) -> None:
    bot = await start_bot(allowed_models=MODELS)
    await bot.send(message(SUBSCRIBER, "/model gpt-4-turbo"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        f"There is no model “gpt-4-turbo” here. Choose one of: {OFFLINE_MODEL}, gpt-5, gpt-5-mini"
    ]
    await bot.send(message(SUBSCRIBER, "hello"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)
    assert bot.model.prompts[-1].model == OFFLINE_MODEL


async def test_a_mode_button_sets_the_system_prompt_and_updates_the_menu(start_bot: StartBot) -> None:
    bot = await start_bot()
    tutor = load_modes(bot.container.settings())["tutor"]
    await bot.send(message(SUBSCRIBER, "/mode"))
    [menu] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert menu.startswith("Your mode: Assistant (default)") and "• Tutor (tutor)" in menu

    await bot.send(callback(SUBSCRIBER, "pref:mode:tutor"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("editMessageText")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"] == "Mode set to Tutor."
    [edit] = bot.telegram.calls_of("editMessageText")
    assert edit.params["text"].startswith("Your mode: Tutor (tutor)")

    await bot.send(message(SUBSCRIBER, "explain fractions"))
    await bot.texts_in(SUBSCRIBER.user_id, 3)  # the menu, the edited message with the button, the reply
    assert bot.model.prompts[-1].instructions == tutor.prompt


async def test_an_unknown_mode_lists_the_modes_in_the_users_language(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(RUSSIAN, "/mode pirate"))
    [refusal] = await bot.texts_in(RUSSIAN.user_id, 1)
    assert refusal.startswith("Режима «pirate» здесь нет. Выберите один из: default, ")
    assert "tutor" in refusal


async def test_a_stale_button_for_a_withdrawn_model_is_refused_in_an_alert(start_bot: StartBot) -> None:
    bot = await start_bot(allowed_models=MODELS)
    await bot.send(callback(SUBSCRIBER, "pref:model:gpt-3"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("answerCallbackQuery")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"].startswith("There is no model “gpt-3” here.")
    assert answer.params["show_alert"] == "true"
