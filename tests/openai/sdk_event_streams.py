"""Hypothesis strategies for streamed answers: events built as the SDK's own pydantic types and
serialised by them, framed as server-sent events with any of the line ends the standard allows, cut
into chunks anywhere, and ended cleanly or by a transport error."""

import json
from dataclasses import dataclass

import httpx2
from hypothesis import strategies as st
from openai import BaseModel
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletionChunk
from openai.types.chat.chat_completion_chunk import Choice, ChoiceDelta
from openai.types.completion_usage import PromptTokensDetails
from openai.types.responses import (
    ResponseCompletedEvent,
    ResponseErrorEvent,
    ResponseFailedEvent,
    ResponseIncompleteEvent,
    ResponseReasoningTextDeltaEvent,
    ResponseRefusalDeltaEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
)

from tests.support.fake_openai import Behaviour
from tests.support.fake_openai_events import response_events

# Line breaks that JSON carries unescaped (U+2028, U+0085) or escaped (CR, LF), inside the text.
texts = st.text(
    st.characters(exclude_categories=("Cs",)) | st.sampled_from("\r\n\u2028\u2029\x85"), max_size=8
)
codes = st.none() | st.sampled_from(["server_error", "rate_limit_exceeded", "moderation_blocked"]) | texts
tokens = st.integers(min_value=0, max_value=10**6)
WHERE = {"item_id": "msg_1", "output_index": 0, "content_index": 0, "sequence_number": 0}
TERMINAL = {
    "completed": ResponseCompletedEvent,
    "failed": ResponseFailedEvent,
    "incomplete": ResponseIncompleteEvent,
}
# Data that is no SDK event: no object, a kind the SDK does not know, an `error` object.
ODD_DATA = st.sampled_from([[1, 2], {"type": "response.future_kind", "delta": "?"}]) | st.builds(
    lambda code, message: {"type": "error", "error": {"code": code, "message": message}}, codes, texts
)


@dataclass(frozen=True)
class ScriptedStream:
    chunks: list[bytes]
    failure: type[httpx2.RequestError] | None


def terminal_event(behaviour: Behaviour) -> BaseModel:
    event = response_events("gpt-5-mini", behaviour)[-1]
    return TERMINAL[event["response"]["status"]].model_validate(event)


terminal_events = st.builds(
    Behaviour,
    text=texts,
    input_tokens=tokens,
    output_tokens=tokens,
    cached_tokens=tokens,
    failed_code=st.none() | st.sampled_from(["server_error", "rate_limit_exceeded"]),
    refusal=st.none() | texts.filter(bool),
    incomplete_reason=st.none() | st.sampled_from(["content_filter", "max_output_tokens"]),
).map(terminal_event)

response_payloads = st.one_of(
    st.builds(
        lambda d: ResponseTextDeltaEvent(type="response.output_text.delta", delta=d, logprobs=[], **WHERE),
        texts,
    ),
    st.builds(lambda d: ResponseRefusalDeltaEvent(type="response.refusal.delta", delta=d, **WHERE), texts),
    st.builds(
        lambda c, m: ResponseErrorEvent(type="error", code=c, message=m, param=None, sequence_number=0),
        codes,
        texts,
    ),
    st.builds(
        lambda d: ResponseReasoningTextDeltaEvent(type="response.reasoning_text.delta", delta=d, **WHERE),
        texts,
    ),
    st.builds(
        lambda t: ResponseTextDoneEvent(type="response.output_text.done", text=t, logprobs=[], **WHERE), texts
    ),
    terminal_events,
    ODD_DATA,
)


def chat_chunk(
    content: str | None,
    refusal: str | None,
    finish_reason: str | None,
    usage: CompletionUsage | None,
    empty: bool,
) -> ChatCompletionChunk:
    choice = Choice(index=0, delta=ChoiceDelta(content=content, refusal=refusal), finish_reason=finish_reason)
    choices = [] if empty else [choice]
    return ChatCompletionChunk(
        id="chatcmpl-1", object="chat.completion.chunk", created=0, model="m", choices=choices, usage=usage
    )


usages = st.builds(
    CompletionUsage,
    prompt_tokens=tokens,
    completion_tokens=tokens,
    total_tokens=tokens,
    prompt_tokens_details=st.none() | st.builds(PromptTokensDetails, cached_tokens=st.none() | tokens),
)
completion_payloads = st.one_of(
    st.builds(
        chat_chunk,
        st.none() | texts,
        st.none() | texts,
        st.none() | st.sampled_from(["stop", "length", "content_filter"]),
        st.none() | usages,
        st.booleans(),
    ),
    st.sampled_from(["[DONE]", [1, 2]]),
    st.builds(lambda code, message: {"error": {"code": code, "message": message}}, codes, texts),
)


@st.composite
def framed(draw: st.DrawFn, payload: object) -> bytes:
    """One event: an optional comment and `event:` line, the data on one line or (indented JSON) on
    several, with `data:` or `data: `, every line ended by CR, LF or CRLF."""
    indent = draw(st.sampled_from([None, 2]))
    if isinstance(payload, BaseModel):
        data = payload.to_json(indent=indent)
    else:
        data = payload if isinstance(payload, str) else json.dumps(payload, indent=indent, ensure_ascii=False)
    lines = [": keep-alive"] if draw(st.booleans()) else []
    if isinstance(kind := getattr(payload, "type", None), str) and draw(st.booleans()):
        lines.append(f"event: {kind}")
    prefix = draw(st.sampled_from(["data: ", "data:"]))
    lines += [prefix + line for line in data.split("\n")]
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return (end.join(lines) + end + end).encode()


@st.composite
def scripted_streams(draw: st.DrawFn, payloads: st.SearchStrategy[object]) -> ScriptedStream:
    body = b"".join(draw(framed(payload)) for payload in draw(st.lists(payloads, max_size=10)))
    cuts = sorted(draw(st.sets(st.integers(min_value=0, max_value=len(body)), max_size=8)))
    chunks = [body[start:end] for start, end in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    failure = draw(st.sampled_from([None, httpx2.ReadError, httpx2.ReadTimeout]))
    return ScriptedStream([chunk for chunk in chunks if chunk], failure)


responses_streams = scripted_streams(response_payloads)
completions_streams = scripted_streams(completion_payloads)
