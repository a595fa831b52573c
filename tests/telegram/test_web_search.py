"""Web search (/search on|off, WEB_SEARCH=on) end to end: the real aiogram against the fake Bot API
server, the real SDK against the fake OpenAI server. A user with search on gets the answer with its
sources as links under it and the call recorded at its search price; search off offers no tool; a
deployment without search refuses the command; a Chat Completions deployment says it has no search."""

import logging
from typing import Any

import pytest

from application.messages import text
from tests.support.fake_openai import FAKE_CITATIONS, Behaviour, FakeOpenAI
from tests.support.telegram_harness import RUSSIAN, SUBSCRIBER, RunningBot, StartBot
from tests.support.telegram_updates import Person, message

RESPONSES = "/v1/responses"
SEARCH_PRICE = 10_000  # micro-dollars: $10 per 1,000 calls
EN_ON = (
    "Web search is on: I may look your questions up on the web, and the pages I used are listed under "
    "my answer. Each search costs a little from your budget. Turn it off with /search off."
)
RU_ON = (
    "Поиск в интернете включён: я могу искать ответы в сети и перечисляю под ответом страницы, которыми "
    "пользовался. Каждый поиск немного расходует ваш бюджет. Выключить — /search off."
)


async def start_searching(start_bot: StartBot, fake_openai: FakeOpenAI, **overrides: Any) -> RunningBot:
    values: dict[str, Any] = {
        "openai_api_key": "test-key-not-secret",
        "openai_base_url": fake_openai.base_url,
        "openai_max_retries": 0,
        "openai_timeout_seconds": 5.0,
        "web_search": True,
    }
    return await start_bot(real_model=True, **(values | overrides))


async def told(bot: RunningBot, person: Person, words: str, count: int) -> list[str]:
    await bot.send(message(person, words))
    return await bot.texts_in(person.user_id, count)


def last_html(bot: RunningBot, person: Person) -> str:
    sent = bot.telegram.calls_of("sendMessage", chat_id=person.user_id)
    return str(sent[-1].params["text"])


async def test_with_search_on_the_answer_lists_its_sources_and_is_charged_its_searches(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_searching(start_bot, fake_openai)
    assert (await told(bot, SUBSCRIBER, "/search on", 1)) == [EN_ON]
    fake_openai.then(Behaviour(text="Here is the news.", web_searches=2, input_tokens=5000, output_tokens=40))

    shown = await told(bot, SUBSCRIBER, "What is new today?", 2)

    assert shown[1] == "Here is the news.\n\nSources:\n1. Example News\n2. Fake — Example Wiki"
    (news, _), (wiki, _) = FAKE_CITATIONS
    assert last_html(bot, SUBSCRIBER) == (
        f'Here is the news.\n\n<b>Sources:</b>\n1. <a href="{news}">Example News</a>\n'
        f'2. <a href="{wiki}">Fake — Example Wiki</a>'
    )
    assert fake_openai.seen(RESPONSES)[-1].body["tools"] == [{"type": "web_search"}]
    [record] = await bot.usage_records(SUBSCRIBER.user_id)
    assert record.usage.web_searches == 2
    assert record.cost_micros == 1_250 + 80 + 2 * SEARCH_PRICE  # 5,000 in at $0.25/M, 40 out at $2/M


async def test_with_search_off_no_tool_is_offered_and_no_sources_shown(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_searching(start_bot, fake_openai)
    assert (await told(bot, SUBSCRIBER, "/search", 1)) == [text("search_off", "en")]
    assert (await told(bot, SUBSCRIBER, "Hello", 2))[1] == "Hello from the fake model."
    await told(bot, SUBSCRIBER, "/search on", 3)
    await told(bot, SUBSCRIBER, "/search off", 4)

    shown = await told(bot, SUBSCRIBER, "Hello again", 5)

    assert shown[3] == "Web search is off: I answer from what I know. Turn it on with /search on."
    assert shown[4] == "Hello from the fake model."
    assert all("tools" not in seen.body for seen in fake_openai.seen(RESPONSES))
    assert [r.usage.web_searches for r in await bot.usage_records(SUBSCRIBER.user_id)] == [0, 0]


async def test_a_deployment_without_web_search_refuses_the_command_in_both_languages(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_searching(start_bot, fake_openai, web_search=False)

    assert await told(bot, SUBSCRIBER, "/search on", 1) == ["Web search is not enabled on this bot."]
    assert await told(bot, RUSSIAN, "/search on", 1) == ["Поиск в интернете на этом боте не включён."]
    await told(bot, SUBSCRIBER, "Hello", 2)
    assert "tools" not in fake_openai.seen(RESPONSES)[-1].body


async def test_a_chat_completions_deployment_says_it_has_no_web_search_and_answers_without_it(
    start_bot: StartBot, fake_openai: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="entrypoints.model_wiring"):
        bot = await start_searching(start_bot, fake_openai, llm_api="chat_completions")
        unsupported = await told(bot, SUBSCRIBER, "/search on", 1)

    assert unsupported == ["This bot's model server has no web search, so I answer without it."]
    assert await told(bot, RUSSIAN, "/search", 1) == [
        "У сервера моделей этого бота нет поиска в интернете, поэтому я отвечаю без него."
    ]
    assert (await told(bot, SUBSCRIBER, "Hello", 2))[1] == "Hello from the fake model."
    assert "tools" not in fake_openai.seen("/v1/chat/completions")[-1].body
    assert "WEB_SEARCH is on, but this model server has no web search" in caplog.text


async def test_a_russian_user_gets_the_sources_headed_in_russian(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_searching(start_bot, fake_openai)
    assert await told(bot, RUSSIAN, "/search on", 1) == [RU_ON]
    fake_openai.then(Behaviour(text="Вот новости.", citations=(("https://example.ru/", ""),)))

    shown = await told(bot, RUSSIAN, "Что нового?", 2)

    assert shown[1] == "Вот новости.\n\nИсточники:\n1. example.ru"


async def test_special_characters_in_titles_and_addresses_are_escaped_and_odd_links_dropped(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_searching(start_bot, fake_openai)
    await told(bot, SUBSCRIBER, "/search on", 1)
    cited = (
        ('https://example.com/a?x=1&y="2"<3>', 'Tom & "Jerry" <b>bold</b>'),
        ("javascript:alert(1)", "Not a web page"),
        ('https://example.com/a?x=1&y="2"<3>', "The same page again"),
    )
    fake_openai.then(Behaviour(text="Answer.", citations=cited))

    shown = await told(bot, SUBSCRIBER, "Question", 2)

    assert shown[1] == 'Answer.\n\nSources:\n1. Tom & "Jerry" <b>bold</b>'
    assert last_html(bot, SUBSCRIBER) == (
        "Answer.\n\n<b>Sources:</b>\n"
        '1. <a href="https://example.com/a?x=1&amp;y=&quot;2&quot;&lt;3&gt;">'
        'Tom &amp; "Jerry" &lt;b&gt;bold&lt;/b&gt;</a>'
    )


async def test_a_long_answer_keeps_its_source_links_whole_after_splitting(
    start_bot: StartBot, fake_openai: FakeOpenAI
) -> None:
    bot = await start_searching(start_bot, fake_openai)
    await told(bot, SUBSCRIBER, "/search on", 1)
    long_text = "\n\n".join(f"Paragraph {n}: " + "word " * 60 for n in range(30))
    fake_openai.then(Behaviour(text=long_text))

    await bot.send(message(SUBSCRIBER, "Tell me everything"))
    await bot.telegram.wait_until(lambda: "Sources:" in bot.finished(SUBSCRIBER.user_id)[-1])
    shown = bot.finished(SUBSCRIBER.user_id)

    sent = [
        str(call.params["text"]) for call in bot.telegram.calls_of("sendMessage", chat_id=SUBSCRIBER.user_id)
    ]
    assert len(sent) >= 4 and all(len(chunk) <= 4096 for chunk in sent)
    (news, _), (wiki, _) = FAKE_CITATIONS
    assert sent[-1].endswith(
        f'<b>Sources:</b>\n1. <a href="{news}">Example News</a>\n2. <a href="{wiki}">Fake — Example Wiki</a>'
    )
    assert shown[-1].endswith("Sources:\n1. Example News\n2. Fake — Example Wiki")


@pytest.mark.parametrize(
    ("behaviour", "key"),
    [
        (Behaviour(status=429, error_code="rate_limit_exceeded"), "model_rate_limited"),
        (Behaviour(status=503, error_code="server_error"), "model_unavailable"),
        (Behaviour(failed_code="server_error"), "model_interrupted"),
    ],
)
async def test_a_provider_error_with_search_on_is_told_like_a_chat_error(
    start_bot: StartBot, fake_openai: FakeOpenAI, behaviour: Behaviour, key: str
) -> None:
    bot = await start_searching(start_bot, fake_openai)
    await told(bot, SUBSCRIBER, "/search on", 1)
    fake_openai.then(behaviour)

    shown = await told(bot, SUBSCRIBER, "What is new?", 2)

    assert shown[1] == text(key, "en")
    assert fake_openai.seen(RESPONSES)[-1].body["tools"] == [{"type": "web_search"}]
