"""Group chats: the bot answers when mentioned or replied to, keeps one conversation per chat, and
edits a placeholder at most about once a second while the reply streams."""

import itertools

from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import GROUP, STRANGER, SUBSCRIBER, StartBot
from tests.support.telegram_objects import BOT_USERNAME
from tests.support.telegram_updates import Person, message, reply_to_bot

OTHER_MEMBER = Person(905, "en")


async def test_group_messages_for_other_people_are_ignored(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "chatting with friends", chat_id=GROUP))
    await bot.send(message(STRANGER, "not for the bot either", chat_id=GROUP))
    await bot.send(message(SUBSCRIBER, f"@{BOT_USERNAME} what is 2+2?", chat_id=GROUP))
    assert await bot.texts_in(GROUP, 1) == ["echo: what is 2+2?"]
    assert [p.turns[-1].text for p in bot.model.prompts] == ["what is 2+2?"]
    assert {int(c.params["user_id"]) for c in bot.telegram.calls_of("getChatMember")} == {SUBSCRIBER.user_id}


async def test_reply_to_the_bot_is_answered_in_the_group(start_bot: StartBot) -> None:
    bot = await start_bot()
    update = message(SUBSCRIBER, "and why is that?", chat_id=GROUP, reply_to_message=reply_to_bot(GROUP))
    await bot.send(update)
    assert await bot.texts_in(GROUP, 1) == ["echo: and why is that?"]
    placeholder = bot.telegram.calls_of("sendMessage", chat_id=GROUP)[0]
    assert placeholder.params["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_group_members_share_one_conversation_per_chat(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.members[OTHER_MEMBER.user_id] = "member"
    await bot.send(message(SUBSCRIBER, f"@{BOT_USERNAME} my name is Ann", chat_id=GROUP))
    await bot.texts_in(GROUP, 1)
    await bot.send(message(OTHER_MEMBER, f"@{BOT_USERNAME} what is her name?", chat_id=GROUP))
    await bot.texts_in(GROUP, 2)
    assert [t.text for t in bot.model.prompts[-1].turns] == [
        "my name is Ann",
        "echo: my name is Ann",
        "what is her name?",
    ]
    assert len(await bot.usage_records(SUBSCRIBER.user_id)) == 1
    assert len(await bot.usage_records(OTHER_MEMBER.user_id)) == 1


async def test_non_subscriber_mentioning_the_bot_in_a_group_gets_the_link_as_a_reply(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    update = message(STRANGER, f"@{BOT_USERNAME} hi", chat_id=GROUP)
    await bot.send(update)
    [denial] = await bot.texts_in(GROUP, 1)
    assert denial.startswith("This bot is for subscribers of GPT Bot News")
    [sent] = bot.telegram.calls_of("sendMessage", chat_id=GROUP)
    assert sent.params["reply_parameters"]["message_id"] == update["message"]["message_id"]


async def test_group_commands_for_another_bot_are_ignored(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/help@some_other_bot", chat_id=GROUP))
    await bot.send(message(SUBSCRIBER, f"/help@{BOT_USERNAME}", chat_id=GROUP))
    [help_text] = await bot.texts_in(GROUP, 1)
    assert "/reset" in help_text


async def test_group_reply_edits_the_placeholder_at_most_about_once_a_second(start_bot: StartBot) -> None:
    bot = await start_bot(model=ScriptedChatModel(pieces=12, pause=0.25))
    reply = "A streamed answer that takes about three seconds to write, piece by piece, to the end."
    bot.model.will_reply(reply)
    await bot.send(message(SUBSCRIBER, f"@{BOT_USERNAME} stream it", chat_id=GROUP))
    await bot.telegram.wait_until(lambda: bot.finished(GROUP) == [reply] and bot.model.running == 0)
    [placeholder] = bot.telegram.calls_of("sendMessage", chat_id=GROUP)
    edits = bot.telegram.calls_of("editMessageText", chat_id=GROUP)
    assert len(edits) >= 2  # at least one preview and the final text
    times = [placeholder.at] + [e.at for e in edits]
    assert all(later - earlier >= 0.9 for earlier, later in itertools.pairwise(times))
    assert len({e.params["message_id"] for e in edits}) == 1
