"""Every command, end to end through the fake Bot API server."""

from tests.support.telegram_harness import ADMIN, RUSSIAN, SUBSCRIBER, StartBot
from tests.support.telegram_updates import message


async def test_start_greets_and_lists_the_commands(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/start"))
    [greeting] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert "AI assistant" in greeting and "/reset" in greeting and "/usage" in greeting


async def test_help_speaks_the_users_language(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(RUSSIAN, "/help"))
    [help_text] = await bot.texts_in(RUSSIAN.user_id, 1)
    assert "начать новый диалог" in help_text


async def test_text_message_gets_the_model_reply(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.model.will_reply("Paris is the capital of France.")
    await bot.send(message(SUBSCRIBER, "What is the capital of France?"))
    [reply] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert reply == "Paris is the capital of France."
    assert bot.model.prompts[-1].turns[-1].text == "What is the capital of France?"


async def test_reset_starts_a_new_conversation(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "remember the number 7"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "/reset"))
    texts = await bot.texts_in(SUBSCRIBER.user_id, 2)
    assert texts[-1] == "Started a new conversation. The previous one is archived."
    await bot.send(message(SUBSCRIBER, "what was the number?"))
    await bot.texts_in(SUBSCRIBER.user_id, 3)
    assert [t.text for t in bot.model.prompts[-1].turns] == ["what was the number?"]


async def test_history_lists_the_recent_messages(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.model.will_reply("Hello there")
    await bot.send(message(SUBSCRIBER, "Hi bot"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "/history"))
    history = (await bot.texts_in(SUBSCRIBER.user_id, 2))[-1]
    assert "You: Hi bot" in history and "Assistant: Hello there" in history


async def test_a_history_of_one_message_is_headed_in_the_singular(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.container.pause().pause(ADMIN.user_id)  # kept without a reply: one message
    await bot.send(message(RUSSIAN, "привет"))
    await bot.texts_in(RUSSIAN.user_id, 1)
    await bot.container.pause().resume(ADMIN.user_id)

    await bot.send(message(RUSSIAN, "/history"))

    assert (await bot.texts_in(RUSSIAN.user_id, 2))[-1] == "Последнее сообщение:\n\nВы: привет"


async def test_history_shows_the_replies_formatted_as_the_chat_did(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.model.will_reply("Я — **ассистент**.\n\n- `атрибуты`\n- *курсив*")
    await bot.send(message(RUSSIAN, "Кто ты? **как** <b>есть</b>"))
    [reply] = await bot.texts_in(RUSSIAN.user_id, 1)
    await bot.send(message(RUSSIAN, "/history"))
    history = (await bot.texts_in(RUSSIAN.user_id, 2))[-1]

    header = "Последние 2 сообщения:"
    assert reply == "Я — ассистент.\n\n• атрибуты\n• курсив"
    assert history == (
        f"{header}\n\nВы: Кто ты? **как** <b>есть</b>\n\nАссистент: Я — ассистент.\n\n• атрибуты\n• курсив"
    )
    [sent] = bot.telegram.calls_of("sendMessage", chat_id=RUSSIAN.user_id)[-1:]
    assert sent.params["parse_mode"] == "HTML"
    assert sent.params["text"] == (
        f"{header}\n\n"
        "<b>Вы:</b> Кто ты? **как** &lt;b&gt;есть&lt;/b&gt;\n\n"
        "<b>Ассистент:</b> Я — <b>ассистент</b>.\n\n• <code>атрибуты</code>\n• <i>курсив</i>"
    )


async def test_a_long_history_is_split_into_messages_telegram_accepts(start_bot: StartBot) -> None:
    bot = await start_bot()
    words = ("word " * 1000).strip()
    bot.model.will_reply(f"**{words}**")
    await bot.send(message(SUBSCRIBER, "question"))
    await bot.texts_in(SUBSCRIBER.user_id, 2)  # the reply took two messages in the chat too
    await bot.send(message(SUBSCRIBER, "/history"))
    parts = (await bot.texts_in(SUBSCRIBER.user_id, 4))[2:]
    first, second = bot.telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)[-2:]

    assert len(parts) == 2 and all(len(part) <= 4096 for part in parts)
    assert " ".join(parts) == f"The last 2 messages:\n\nYou: question\n\nAssistant: {words}"
    # the bold reply is cut inside its bold: the first part closes it, the second opens it again
    assert first.params["text"].startswith(
        "The last 2 messages:\n\n<b>You:</b> question\n\n<b>Assistant:</b> <b>word"
    )
    assert first.params["text"].endswith("word</b>") and second.params["text"] == f"<b>{parts[1]}</b>"


async def test_history_of_an_empty_conversation_says_so(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/history"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["This conversation is empty."]


async def test_export_sends_the_conversation_as_a_file(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.model.will_reply("Sure: **bold** answer")
    await bot.send(message(SUBSCRIBER, "Explain <tags> & things"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    await bot.send(message(SUBSCRIBER, "/export txt"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("sendDocument")))
    [upload] = bot.telegram.calls_of("sendDocument")
    [content] = upload.files.values()
    assert "Explain <tags> & things" in content.decode() and "Sure: **bold** answer" in content.decode()
    assert upload.params["caption"] == "Your conversation"


async def test_export_of_nothing_explains_there_is_nothing(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/export"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["There is nothing to export yet."]


async def test_usage_reports_tokens_and_cost_today_and_this_month(start_bot: StartBot) -> None:
    bot = await start_bot(budget_daily_usd="1.50")
    await bot.send(message(ADMIN, "count my tokens"))
    await bot.texts_in(ADMIN.user_id, 1)
    await bot.send(message(ADMIN, "/usage"))
    report = (await bot.texts_in(ADMIN.user_id, 2))[-1]
    [record] = await bot.usage_records(ADMIN.user_id)
    assert f"Today: {record.usage.tokens} tokens" in report
    assert f"This month: {record.usage.tokens} tokens" in report
    assert "Budget left:" in report and "today" in report


async def test_unknown_command_points_to_help(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/frobnicate now"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "Unknown command /frobnicate. Send /help for the list."
    ]
