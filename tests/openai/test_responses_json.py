"""The Responses request and terminal event handled as JSON (ADR 19), checked against the SDK's own
types: the body is what the SDK's parameter transform would send, and a finished response reads as
the SDK's `Response` model reads it."""

import asyncio
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from openai._utils import async_maybe_transform
from openai.types.responses import Response
from openai.types.responses.response_create_params import ResponseCreateParamsStreaming

from adapters.openai.finished_response import FinishedResponse, ReportedUsage
from adapters.openai.inputs import responses_body
from application.model_io import DocumentInput, DocumentKind, ImageInput, Prompt, PromptTurn
from domain.conversation import Role
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


@given(prompts, st.sampled_from(["auto", "low", "high"]), st.booleans())
def test_the_request_body_is_what_the_sdks_transform_would_send(
    prompt: Prompt, detail: str, pdf_as_file: bool
) -> None:
    body = responses_body(prompt, "pseudonym", detail, pdf_as_file)

    transformed = asyncio.run(async_maybe_transform(body, ResponseCreateParamsStreaming))

    assert transformed == body
    assert ("instructions" in body) == bool(prompt.instructions)


def sdk_reading(response: dict[str, Any]) -> FinishedResponse:
    model = Response.model_validate(response)
    usage = model.usage
    details = usage.input_tokens_details if usage is not None else None
    return FinishedResponse(
        status=model.status,
        error_code=model.error.code if model.error is not None else None,
        incomplete_reason=model.incomplete_details.reason if model.incomplete_details else None,
        usage=ReportedUsage(usage.input_tokens, usage.output_tokens, details.cached_tokens if details else 0)
        if usage is not None
        else None,
        output_text=model.output_text,
    )


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

    assert FinishedResponse.of(response) == sdk_reading(response)


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
