"""The Responses request and terminal event, checked against the SDK's own types: the history goes
out through the SDK's `responses.create` as built, and a finished response's JSON reads as the SDK's
`Response` model reads it (ADR 19)."""

import asyncio
import contextlib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from openai.types.responses import Response

from adapters.openai.finished_response import FinishedResponse
from adapters.openai.images import ImageSettings
from adapters.openai.inputs import responses_input
from adapters.openai.responses_model import OpenAIChatModel
from application.model_io import DocumentInput, DocumentKind, ImageInput, ModelFailure, Prompt, PromptTurn
from domain.conversation import Role
from tests.openai.scripted_stream import scripted_client
from tests.openai.typed_stream_readings import COUNTER, sdk_reading
from tests.support.fake_openai import Behaviour
from tests.support.fake_openai_events import response_events

texts = st.text(max_size=40)
turns = st.lists(st.builds(PromptTurn, st.sampled_from(list(Role)), texts), min_size=1, max_size=6)
images = st.builds(ImageInput, st.binary(max_size=24), st.sampled_from(["image/png", "image/jpeg"]))
documents = st.builds(
    DocumentInput, texts, st.sampled_from(list(DocumentKind)), st.binary(max_size=24), texts
)
prompts = st.builds(
    Prompt,
    st.sampled_from(["gpt-5-mini", "gpt-5"]),
    texts,
    turns.map(tuple),
    st.integers(min_value=0, max_value=2**40),
    st.lists(images | documents, max_size=3).map(tuple),
)


async def sent_body(prompt: Prompt, detail: str, pdf_as_file: bool) -> dict[str, Any]:
    seen: list[dict[str, Any]] = []
    images = ImageSettings("gpt-image-2", "1024x1024", "medium")
    model = OpenAIChatModel(scripted_client([], seen=seen), COUNTER, images, detail, pdf_as_file)
    with contextlib.suppress(ModelFailure):  # the scripted answer is empty: the stream ends early
        async for _ in model.stream_reply(prompt):
            pass
    await model.aclose()
    return seen[0]


@given(prompts, st.sampled_from(["auto", "low", "high"]), st.booleans())
def test_the_history_goes_out_through_the_sdk_as_built(
    prompt: Prompt, detail: str, pdf_as_file: bool
) -> None:
    body = asyncio.run(sent_body(prompt, detail, pdf_as_file))

    assert body["input"] == responses_input(prompt, detail, pdf_as_file)
    assert (body["model"], body["stream"], body["store"]) == (prompt.model, True, False)
    assert body.get("instructions") == (prompt.instructions or None)


@given(
    st.builds(
        Behaviour,
        text=st.text(min_size=1, max_size=30),
        input_tokens=st.integers(min_value=0, max_value=10**6),
        output_tokens=st.integers(min_value=0, max_value=10**6),
        cached_tokens=st.integers(min_value=0, max_value=10**6),
        failed_code=st.none() | st.sampled_from(["server_error", "rate_limit_exceeded"]),
        refusal=st.none() | st.text(min_size=1, max_size=10),
        incomplete_reason=st.none() | st.sampled_from(["content_filter", "max_output_tokens"]),
    )
)
def test_a_finished_response_reads_as_the_sdks_model_reads_it(behaviour: Behaviour) -> None:
    response = response_events("gpt-5-mini", behaviour)[-1]["response"]

    assert FinishedResponse.of(response) == sdk_reading(Response.model_validate(response))


def test_fields_of_the_wrong_shape_read_as_absent() -> None:
    finished = FinishedResponse.of(
        {
            "status": 3,
            "error": "boom",
            "incomplete_details": [],
            "usage": {"input_tokens": "12", "output_tokens": 4},
            "output": [
                "not an item",
                {"type": "message", "content": "not a list"},
                {
                    "type": "message",
                    "content": [{"type": "output_text", "text": None}, {"type": "output_text"}],
                },
                {"type": "reasoning", "content": [{"type": "output_text", "text": "hidden"}]},
                {"type": "message", "content": [{"type": "output_text", "text": "kept"}]},
            ],
        }
    )

    assert finished == FinishedResponse(None, None, None, None, "kept")


def test_usage_without_details_counts_nothing_cached_and_a_boolean_is_no_count() -> None:
    assert FinishedResponse.of({"usage": {"input_tokens": 5, "output_tokens": 2}}).usage == (5, 2, 0)
    assert FinishedResponse.of({"usage": {"input_tokens": True, "output_tokens": 2}}).usage is None
