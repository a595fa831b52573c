"""Web search through the Responses API's tool, against the fake server with the real SDK: the tool is
offered only when asked for, the calls are counted and priced, the cited pages come back as sources,
and a Chat Completions server answers without the tool."""

from collections.abc import Callable
from dataclasses import replace

import openai
import pytest

from application.errors import BudgetExceeded
from application.model_io import FailureKind, ModelFailure, Prompt, PromptTurn, ReplyDone, Source
from domain.budget import Limits
from domain.conversation import Role
from tests.openai.conftest import CHAT_MODEL, Core
from tests.support.fake_openai import FAKE_CITATIONS, Behaviour, FakeOpenAI

SEARCH_PRICE = 10_000  # micro-dollars: $10 per 1,000 calls


def prompt(web_search: bool) -> Prompt:
    turns = (PromptTurn(Role.USER, "What happened today?"),)
    return Prompt(CHAT_MODEL, "Be brief.", turns, user_id=5, web_search=web_search)


async def reply(core: Core, web_search: bool) -> ReplyDone:
    items = [item async for item in core.model.stream_reply(prompt(web_search))]
    done = items[-1]
    assert isinstance(done, ReplyDone)
    return done


def searching(core: Core) -> Core:
    context = replace(core.chat.context, web_search=True)
    core.chat.context = context
    return core


async def test_the_fake_search_stream_is_accepted_by_the_sdks_strict_response_accumulator(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.then(Behaviour(text="Cited text.", web_searches=2))
    client = openai.AsyncOpenAI(api_key="k", base_url=fake_openai.base_url, max_retries=0)
    async with (
        client,
        client.responses.stream(model=CHAT_MODEL, input="Hi", tools=[{"type": "web_search"}]) as stream,
    ):
        types = [event.type async for event in stream]
        final = await stream.get_final_response()

    assert types.count("response.web_search_call.completed") == 2
    assert "response.output_text.annotation.added" in types
    assert [item.type for item in final.output] == ["web_search_call", "web_search_call", "message"]
    assert final.output_text == "Cited text."
    message = final.output[-1]
    assert message.type == "message" and message.content[0].type == "output_text"
    cited = [(a.url, a.title) for a in message.content[0].annotations if a.type == "url_citation"]
    assert cited == list(FAKE_CITATIONS)


async def test_a_prompt_that_may_search_offers_the_tool_and_gets_its_calls_and_sources(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(web_searches=2, input_tokens=900, output_tokens=30))
    done = await reply(make_core("responses"), web_search=True)

    assert fake_openai.seen("/v1/responses")[-1].body["tools"] == [{"type": "web_search"}]
    assert done.usage.web_searches == 2
    assert (done.usage.input_tokens, done.usage.output_tokens) == (900, 30)
    assert done.sources == tuple(Source(url, title) for url, title in FAKE_CITATIONS)


async def test_a_page_cited_twice_is_one_source(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    page = ("https://example.com/a", "  A page  ")
    fake_openai.then(Behaviour(citations=(page, page, ("https://example.com/b", "B"))))
    done = await reply(make_core("responses"), web_search=True)

    assert done.sources == (Source("https://example.com/a", "A page"), Source("https://example.com/b", "B"))


async def test_a_prompt_that_may_not_search_offers_no_tool(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    done = await reply(make_core("responses"), web_search=False)

    assert "tools" not in fake_openai.seen("/v1/responses")[-1].body
    assert done.usage.web_searches == 0 and done.sources == ()


async def test_a_chat_completions_server_answers_without_the_tool(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    done = await reply(make_core("chat_completions"), web_search=True)

    body = fake_openai.seen("/v1/chat/completions")[-1].body
    assert "tools" not in body
    assert done.text == "Hello from the fake model."
    assert done.usage.web_searches == 0 and done.sources == ()


async def test_a_reply_that_searched_is_recorded_with_the_searches_price(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = searching(make_core("responses"))
    fake_openai.then(Behaviour(web_searches=3, input_tokens=4000, output_tokens=100))
    reply_ = await core.chat.send_message(1, 7, "What is new?", "r1")

    [record] = await core.ledger(7)
    assert record.usage.web_searches == 3
    tokens_only = core.prices.cost_micros(replace(record.usage, web_searches=0))
    assert record.cost_micros == tokens_only + 3 * SEARCH_PRICE
    assert reply_.cost_micros == record.cost_micros
    assert [s.url for s in reply_.sources] == [url for url, _ in FAKE_CITATIONS]


async def test_a_stream_cut_after_a_search_is_billed_for_it(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(text="Some words of a longer answer here", cut_after=2, web_searches=1))
    with pytest.raises(ModelFailure) as failure:
        await reply(make_core("responses"), web_search=True)

    assert failure.value.kind is FailureKind.INTERRUPTED
    assert failure.value.billed is not None
    assert failure.value.billed.web_searches == 1 and failure.value.billed.estimated


async def test_a_failed_reply_after_searches_reports_them_billed(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(Behaviour(failed_code="server_error", web_searches=2))
    with pytest.raises(ModelFailure) as failure:
        await reply(make_core("responses"), web_search=True)

    assert failure.value.kind is FailureKind.INTERRUPTED
    assert failure.value.billed is not None and failure.value.billed.web_searches == 2


async def test_a_provider_error_with_search_on_fails_like_a_chat_error(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    fake_openai.then(*[Behaviour(status=429, error_code="rate_limit_exceeded")] * 3)
    with pytest.raises(ModelFailure) as failure:
        await reply(make_core("responses", openai_timeout_seconds=5.0), web_search=True)

    assert failure.value.kind is FailureKind.RATE_LIMITED


async def test_the_budget_check_allows_for_one_search_when_the_model_may_search(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    limits = Limits(daily_micros=SEARCH_PRICE // 2)  # room for the tokens, not for a search
    plain = make_core("responses", limits=limits)
    await plain.chat.send_message(1, 7, "Hi", "r1")
    core = searching(make_core("responses", limits=limits))

    with pytest.raises(BudgetExceeded):
        await core.chat.send_message(2, 8, "Hi", "r2")

    assert len(fake_openai.seen("/v1/responses")) == 1
    assert await core.ledger(8) == []
