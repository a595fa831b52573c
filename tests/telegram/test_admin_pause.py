"""/pause and /resume end to end: non-admins are told the bot is paused, their text is kept, admins go on."""

from domain.conversation import Conversation
from tests.support.telegram_harness import ADMIN, RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import callback, message, photo

KEPT = (
    "The bot is paused by its administrator for now. Your message is saved in the conversation "
    "(the model was not called); it will be part of the context when you write after the bot is back."
)
KEPT_RU = (
    "Бот временно приостановлен администратором. Ваше сообщение сохранено в диалоге "
    "(модель не вызывалась) и войдёт в контекст, когда вы напишете после возобновления работы."
)
NOT_KEPT = (
    "The bot is paused by its administrator for now. This was not saved; please send it again "
    "when the bot is back."
)


async def conversation_texts(bot: RunningBot, chat_id: int) -> list[str]:
    conversation = await bot.container.chat().active_conversation(chat_id)
    return [turn.text for turn in conversation.turns] if isinstance(conversation, Conversation) else []


async def test_paused_bot_keeps_non_admin_text_without_calling_the_model_until_resumed(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "/pause"))
    assert await bot.texts_in(ADMIN.user_id, 1) == [
        "The bot is paused. Everyone but admins is told so; their text messages are kept."
    ]

    await bot.send(message(SUBSCRIBER, "please remember 42"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [KEPT]
    assert bot.model.prompts == []
    assert await conversation_texts(bot, SUBSCRIBER.user_id) == ["please remember 42"]

    await bot.send(message(ADMIN, "are you there?"))
    assert (await bot.texts_in(ADMIN.user_id, 2))[-1] == "echo: are you there?"

    await bot.send(message(ADMIN, "/resume"))
    assert (await bot.texts_in(ADMIN.user_id, 3))[-1] == "The bot answers everyone again."
    await bot.send(message(SUBSCRIBER, "what did I ask?"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 2))[-1] == "echo: what did I ask?"
    assert [t.text for t in bot.model.prompts[-1].turns] == ["please remember 42", "what did I ask?"]


async def test_paused_bot_asks_again_for_commands_files_and_buttons(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.container.pause().pause(ADMIN.user_id)

    await bot.send(message(SUBSCRIBER, "/history"))
    await bot.send(photo(SUBSCRIBER, "ph1", 1000))
    await bot.send(callback(SUBSCRIBER, "pref:model:gpt-5"))

    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == [NOT_KEPT, NOT_KEPT]
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("answerCallbackQuery")))
    [answer] = bot.telegram.calls_of("answerCallbackQuery")
    assert answer.params["text"] == NOT_KEPT
    assert not bot.telegram.calls_of("getFile") and bot.model.prompts == []


async def test_pausing_twice_and_resuming_a_running_bot_say_nothing_changed(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(ADMIN, "/resume"))
    await bot.texts_in(ADMIN.user_id, 1)
    await bot.send(message(ADMIN, "/pause"))
    await bot.texts_in(ADMIN.user_id, 2)
    await bot.send(message(ADMIN, "/pause"))
    texts = await bot.texts_in(ADMIN.user_id, 3)
    assert texts[0] == "The bot was not paused." and texts[-1] == "The bot was already paused."


async def test_every_worker_sees_the_pause(start_bot: StartBot) -> None:
    first = await start_bot()
    await first.send(message(ADMIN, "/pause"))
    await first.texts_in(ADMIN.user_id, 1)
    await first.stopped()

    second = await start_bot(webhook=True)  # another process on the same database
    await second.send(message(SUBSCRIBER, "hi"))
    assert await second.texts_in(SUBSCRIBER.user_id, 1) == [KEPT]


async def test_paused_bot_keeps_requests_for_pictures_as_it_keeps_text(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.container.pause().pause(ADMIN.user_id)

    await bot.send(message(SUBSCRIBER, "/generate a red fox in the snow"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [KEPT]
    await bot.send(message(RUSSIAN, "нарисуй кота в шляпе"))
    assert await bot.texts_in(RUSSIAN.user_id, 1) == [KEPT_RU]
    await bot.send(message(SUBSCRIBER, "/generate"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 2))[-1] == NOT_KEPT

    assert not bot.telegram.calls_of("sendPhoto") and bot.model.prompts == []
    assert await conversation_texts(bot, SUBSCRIBER.user_id) == ["[image request] a red fox in the snow"]
    assert await conversation_texts(bot, RUSSIAN.user_id) == ["[image request] кота в шляпе"]

    await bot.container.pause().resume(ADMIN.user_id)
    await bot.send(message(SUBSCRIBER, "did you get my request?"))
    assert (await bot.texts_in(SUBSCRIBER.user_id, 3))[-1] == "echo: did you get my request?"
    assert [t.text for t in bot.model.prompts[-1].turns] == [
        "[image request] a red fox in the snow",
        "did you get my request?",
    ]
