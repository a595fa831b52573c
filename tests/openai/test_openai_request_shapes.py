"""What each adapter sends, and that the fake server's stream is the sequence the SDK expects."""

from collections.abc import Callable

import openai

from application.model_io import Prompt, PromptTurn
from domain.conversation import Role
from tests.openai.conftest import CHAT_MODEL, SYSTEM_PROMPT, Core
from tests.support.fake_openai import Behaviour, FakeOpenAI
from tests.support.sample_files import pdf_bytes


async def test_responses_call_carries_instructions_history_and_no_server_side_storage(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses")
    await core.chat.send_message(1, 4242, "First question", "r1")
    await core.chat.send_message(1, 4242, "Second question", "r2")

    body = fake_openai.seen("/v1/responses")[-1].body
    assert body["model"] == CHAT_MODEL
    assert body["instructions"] == SYSTEM_PROMPT
    assert body["stream"] is True and body["store"] is False
    assert body["input"] == [
        {"role": "user", "content": "First question"},
        {"role": "assistant", "content": "Hello from the fake model."},
        {"role": "user", "content": "Second question"},
    ]
    assert "4242" not in body["safety_identifier"]
    assert fake_openai.seen("/v1/responses")[-1].headers["authorization"] == "Bearer test-key-not-secret"


async def test_chat_completions_call_puts_the_system_prompt_first_and_asks_for_usage(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("chat_completions")
    await core.chat.send_message(1, 7, "Question", "r1")

    body = fake_openai.seen("/v1/chat/completions")[-1].body
    assert body["messages"] == [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": "Question"},
    ]
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert (
        fake_openai.seen("/v1/chat/completions")[-1].headers["authorization"] == "Bearer test-key-not-secret"
    )


async def test_the_fake_stream_is_accepted_by_the_sdks_strict_response_accumulator(
    fake_openai: FakeOpenAI,
) -> None:
    fake_openai.then(Behaviour(text="Exactly this text.", input_tokens=11, output_tokens=4, cached_tokens=3))
    client = openai.AsyncOpenAI(api_key="k", base_url=fake_openai.base_url, max_retries=0)
    async with client, client.responses.stream(model=CHAT_MODEL, input="Hi") as stream:
        types = [event.type async for event in stream]
        final = await stream.get_final_response()

    assert types[:4] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
    ]
    assert types[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert final.output_text == "Exactly this text."
    assert final.usage is not None
    assert (final.usage.input_tokens, final.usage.input_tokens_details.cached_tokens) == (11, 3)


async def test_a_prompt_without_instructions_sends_none(
    make_core: Callable[..., Core], fake_openai: FakeOpenAI
) -> None:
    core = make_core("responses")
    prompt = Prompt(CHAT_MODEL, "", (PromptTurn(Role.USER, "Hi"),))

    items = [item async for item in core.model.stream_reply(prompt)]

    assert "instructions" not in fake_openai.seen("/v1/responses")[-1].body
    assert len(items) > 1


async def test_the_fake_server_takes_file_uploads_from_the_sdk(fake_openai: FakeOpenAI) -> None:
    client = openai.AsyncOpenAI(api_key="k", base_url=fake_openai.base_url, max_retries=0)
    async with client:
        uploaded = await client.files.create(file=("report.pdf", pdf_bytes()), purpose="user_data")

    [seen] = fake_openai.seen("/v1/files")
    assert seen.body == {"purpose": "user_data", "filename": "report.pdf", "bytes": len(pdf_bytes())}
    assert uploaded.id.startswith("file-") and uploaded.bytes == len(pdf_bytes())
