"""Replies stream as drafts in private chats and arrive whole, safe, split and despite 429s."""

from collections.abc import AsyncIterator

from application.model_io import (
    FailureKind,
    GeneratedImage,
    ImageRequest,
    ModelFailure,
    Prompt,
    ReplyDone,
    TextDelta,
)
from tests.support.fake_telegram import FakeTelegram
from tests.support.scripted_model import ScriptedChatModel
from tests.support.telegram_harness import SUBSCRIBER, StartBot
from tests.support.telegram_html import visible_text
from tests.support.telegram_updates import message

UNSAFE = 'Use <b> for bold & never <script>alert("x")</script>; **bold** but **unbalanced'


async def test_private_reply_streams_as_drafts_then_arrives_as_one_message(start_bot: StartBot) -> None:
    bot = await start_bot(model=ScriptedChatModel(pieces=5, pause=0.35))
    bot.model.will_reply("One two three four five six seven eight nine ten.")
    update = message(SUBSCRIBER, "count to ten")
    await bot.send(update)
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["One two three four five six seven eight nine ten."]
    drafts = bot.telegram.calls_of("sendMessageDraft", chat_id=SUBSCRIBER.user_id)
    assert len(drafts) >= 2
    assert {d.params["draft_id"] for d in drafts} == {str(update["message"]["message_id"])}
    previews = [visible_text(d.params["text"]) for d in drafts]
    assert all("One two three four five six seven eight nine ten.".startswith(p.rstrip()) for p in previews)
    [final] = bot.telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)
    assert final.at > drafts[-1].at
    assert bot.telegram.calls_of("sendChatAction", chat_id=SUBSCRIBER.user_id)[0].params["action"] == "typing"


async def test_a_reply_the_model_writes_at_once_goes_out_as_one_message_without_drafts(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()  # its model hands over the whole reply without waiting
    bot.model.will_reply("All of it at once.")
    await bot.send(message(SUBSCRIBER, "quick"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["All of it at once."]
    assert bot.telegram.calls_of("sendMessageDraft") == []
    assert [c.method for c in bot.telegram.calls_of("sendChatAction", "sendMessage")] == [
        "sendChatAction",
        "sendMessage",
    ]


class WatchedModel(ScriptedChatModel):
    """Notes the chat actions Telegram has received by the time the model is asked."""

    def __init__(self, telegram: FakeTelegram) -> None:
        super().__init__()
        self.telegram = telegram
        self.actions_when_asked: list[list[str]] = []

    def _note(self) -> None:
        self.actions_when_asked.append([c.params["action"] for c in self.telegram.calls_of("sendChatAction")])

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        self._note()
        async for item in super().stream_reply(prompt):
            yield item

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        self._note()
        return await super().generate_image(request)


async def test_typing_reaches_telegram_before_the_model_is_asked(
    telegram: FakeTelegram, start_bot: StartBot
) -> None:
    model = WatchedModel(telegram)
    bot = await start_bot(model=model)
    await bot.send(message(SUBSCRIBER, "hello"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["echo: hello"]
    await bot.send(message(SUBSCRIBER, "/generate a fox"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("sendPhoto")))

    assert model.actions_when_asked == [["typing"], ["typing", "upload_photo"]]
    assert [c.params["action"] for c in bot.telegram.calls_of("sendChatAction")] == ["typing", "upload_photo"]


async def test_commands_answered_at_once_show_no_typing(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/usage"))
    await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert bot.telegram.calls_of("sendChatAction") == []


async def test_markdown_reply_is_sent_as_telegram_html(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.model.will_reply("Here is **bold** and `code`.")
    await bot.send(message(SUBSCRIBER, "format please"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["Here is bold and code."]
    [final] = bot.telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)
    assert final.params["parse_mode"] == "HTML"
    assert "<b>bold</b>" in final.params["text"] and "<code>code</code>" in final.params["text"]


async def test_reply_with_tags_ampersands_and_unbalanced_markers_is_shown_literally(
    start_bot: StartBot,
) -> None:
    bot = await start_bot()
    bot.model.will_reply(UNSAFE)
    await bot.send(message(SUBSCRIBER, "show me html"))
    [shown] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert '<b> for bold & never <script>alert("x")</script>' in shown
    assert "**unbalanced" in shown
    [final] = bot.telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)
    assert final.params["parse_mode"] == "HTML" and "<script>" not in final.params["text"]


async def test_five_thousand_character_reply_arrives_as_two_valid_messages(start_bot: StartBot) -> None:
    bot = await start_bot()
    words = " ".join(f"word{i:04d}" for i in range(556))  # 5,003 characters
    assert len(words) > 5000
    bot.model.will_reply(words)
    await bot.send(message(SUBSCRIBER, "a long answer please"))
    first, second = await bot.texts_in(SUBSCRIBER.user_id, 2)
    assert len(first) <= 4096 and len(second) <= 4096
    assert f"{first} {second}".split() == words.split()
    assert all(c.params["parse_mode"] == "HTML" for c in bot.telegram.calls_of("sendMessage"))


async def test_rate_limited_first_send_still_delivers_the_reply(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.telegram.fail_next("sendMessage", retry_after=1)
    bot.model.will_reply("Worth the wait.")
    await bot.send(message(SUBSCRIBER, "hello"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["Worth the wait."]
    refused, delivered = bot.telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)
    assert delivered.at - refused.at >= 0.9  # the bot waited the retry_after Telegram asked for
    assert len(await bot.usage_records(SUBSCRIBER.user_id)) == 1


async def test_rate_limited_drafts_pause_previews_and_the_reply_still_arrives(start_bot: StartBot) -> None:
    bot = await start_bot(model=ScriptedChatModel(pieces=6, pause=0.1))
    bot.telegram.fail_next("sendMessageDraft", retry_after=30, times=10)
    bot.model.will_reply("Drafts were throttled but this arrives.")
    await bot.send(message(SUBSCRIBER, "go"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == ["Drafts were throttled but this arrives."]
    assert len(bot.telegram.calls_of("sendMessageDraft")) == 1  # no more previews within retry_after


async def test_model_failure_is_explained_and_nothing_is_charged(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.model.failures.append(ModelFailure(FailureKind.RATE_LIMITED, "busy"))
    await bot.send(message(SUBSCRIBER, "hello"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "The model is busy right now. Your message is saved; please try again in a minute."
    ]
    assert await bot.usage_records(SUBSCRIBER.user_id) == []


async def test_empty_model_reply_is_reported_not_sent_blank(start_bot: StartBot) -> None:
    bot = await start_bot()
    bot.model.will_reply("   ")
    await bot.send(message(SUBSCRIBER, "say nothing"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 1) == [
        "The model returned an empty reply. Please rephrase your message or try again."
    ]


async def test_message_arriving_during_a_run_waits_its_turn(start_bot: StartBot) -> None:
    bot = await start_bot(model=ScriptedChatModel(pieces=3, pause=0.15))
    bot.model.will_reply("first answer", "second answer")
    await bot.send(message(SUBSCRIBER, "first question"))
    await bot.telegram.wait_until(lambda: bot.model.running == 1)
    await bot.send(message(SUBSCRIBER, "second question"))
    assert await bot.texts_in(SUBSCRIBER.user_id, 2) == ["first answer", "second answer"]
    assert bot.model.most_at_once == 1
    assert [p.turns[-1].text for p in bot.model.prompts] == ["first question", "second question"]


async def test_overlong_user_message_is_refused_with_the_limit(start_bot: StartBot) -> None:
    bot = await start_bot(max_message_chars=10)
    await bot.send(message(SUBSCRIBER, "this message is too long"))
    [refusal] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert "24 characters; the limit is 10" in refusal
    assert bot.model.prompts == []
