"""Pictures on request: /generate and plain-language requests such as "draw a cat"."""

from domain.usage import UsageKind
from tests.support.telegram_harness import RUSSIAN, SUBSCRIBER, StartBot
from tests.support.telegram_updates import message


async def test_generate_sends_the_picture_and_records_it(start_bot: StartBot) -> None:
    bot = await start_bot()
    update = message(SUBSCRIBER, "/generate a red fox in the snow")
    await bot.send(update)
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("sendPhoto")))
    [sent] = bot.telegram.calls_of("sendPhoto")
    assert sent.files["photo"] == b"\x89PNG\r\n\x1a\na red fox in the snow"
    assert sent.params["caption"] == "a red fox in the snow" and sent.params["parse_mode"] == "HTML"
    [record] = await bot.usage_records(SUBSCRIBER.user_id)
    assert record.usage.kind is UsageKind.IMAGE and record.request_id == f"telegram:{update['update_id']}"
    assert bot.telegram.calls_of("sendChatAction")[0].params["action"] == "upload_photo"


async def test_plain_language_request_draws_a_picture(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(RUSSIAN, "нарисуй кота в шляпе"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("sendPhoto")))
    [sent] = bot.telegram.calls_of("sendPhoto")
    assert sent.files["photo"].endswith("кота в шляпе".encode()) and sent.params["caption"] == "кота в шляпе"
    assert bot.model.prompts == []


async def test_a_long_description_is_cut_to_telegrams_caption_limit_and_escaped(start_bot: StartBot) -> None:
    bot = await start_bot()
    description = "a <b>bold</b> fox & friends " + "🦊" * 600
    await bot.send(message(SUBSCRIBER, f"/generate {description}"))
    await bot.telegram.wait_until(lambda: bool(bot.telegram.calls_of("sendPhoto")))
    [sent] = bot.telegram.calls_of("sendPhoto")
    fitting = 1024 - len("a <b>bold</b> fox & friends ") - 1  # each fox takes two UTF-16 units
    assert (
        sent.params["caption"] == "a &lt;b&gt;bold&lt;/b&gt; fox &amp; friends " + "🦊" * (fitting // 2) + "…"
    )
    assert bot.telegram.sent_texts(SUBSCRIBER.user_id) == [
        "[sendPhoto] a <b>bold</b> fox & friends " + "🦊" * (fitting // 2) + "…"
    ]


async def test_generate_without_a_description_explains_how(start_bot: StartBot) -> None:
    bot = await start_bot()
    await bot.send(message(SUBSCRIBER, "/generate"))
    [hint] = await bot.texts_in(SUBSCRIBER.user_id, 1)
    assert hint.startswith("Describe the picture after the command")
    assert not bot.telegram.calls_of("sendPhoto")
