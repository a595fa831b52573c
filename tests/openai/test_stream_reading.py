"""The streamed answer read as JSON (ADR 19) reads as the SDK's typed stream reads it: for events
built and serialised by the SDK's own types, framed and cut anywhere, ended cleanly or broken off,
both adapters give the same text deltas, and the same reply, usage or failure."""

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import openai
import pytest
from hypothesis import given, settings

from adapters.openai.completions_model import ChatCompletionsChatModel
from adapters.openai.event_stream import event_data
from adapters.openai.images import ImageSettings
from adapters.openai.responses_model import OpenAIChatModel
from application.model_io import ModelFailure, Prompt, PromptTurn, ReplyDone, TextDelta
from domain.conversation import Role
from tests.openai.scripted_stream import scripted_client
from tests.openai.sdk_event_streams import ScriptedStream, completions_streams, responses_streams
from tests.openai.typed_stream_readings import COUNTER, typed_completions_replies, typed_responses_replies

PROMPT = Prompt("gpt-5-mini", "Be brief.", (PromptTurn(Role.USER, "Hi"),))
IMAGES = ImageSettings("gpt-image-2", "1024x1024", "medium")
Replies = Callable[[openai.AsyncOpenAI], AsyncIterator[TextDelta | ReplyDone]]


@dataclass(frozen=True)
class Reading:
    deltas: list[str]
    outcome: object  # the ReplyDone, or the failure's kind, detail and billed usage


async def reading(replies: Replies, stream: ScriptedStream) -> Reading:
    deltas: list[str] = []
    async with scripted_client(stream.chunks, stream.failure) as client:
        try:
            async for item in replies(client):
                if isinstance(item, TextDelta):
                    deltas.append(item.text)
                else:
                    return Reading(deltas, item)
        except ModelFailure as failure:
            return Reading(deltas, (failure.kind, failure.detail, failure.billed))
    return Reading(deltas, None)


def both(ours: Replies, typed: Replies, stream: ScriptedStream) -> tuple[Reading, Reading]:
    return asyncio.run(reading(ours, stream)), asyncio.run(reading(typed, stream))


@settings(max_examples=150, deadline=None)
@given(responses_streams)
def test_responses_events_read_as_json_give_what_the_typed_stream_gives(stream: ScriptedStream) -> None:
    def ours(client: openai.AsyncOpenAI) -> AsyncIterator[TextDelta | ReplyDone]:
        return OpenAIChatModel(client, COUNTER, IMAGES).stream_reply(PROMPT)

    mine, typed = both(ours, lambda client: typed_responses_replies(client, PROMPT), stream)

    assert mine == typed


@settings(max_examples=150, deadline=None)
@given(completions_streams)
def test_chat_chunks_read_as_json_give_what_the_typed_stream_gives(stream: ScriptedStream) -> None:
    def ours(client: openai.AsyncOpenAI) -> AsyncIterator[TextDelta | ReplyDone]:
        return ChatCompletionsChatModel(client, COUNTER, IMAGES).stream_reply(PROMPT)

    mine, typed = both(ours, lambda client: typed_completions_replies(client, PROMPT), stream)

    assert mine == typed


async def data_of(*chunks: bytes) -> list[bytes]:
    async def body() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk

    return [data async for data in event_data(body())]


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ((b"data: a\r", b"\ndata: b\r\n\r\n"), [b"a\nb"]),  # a CRLF cut in two is one line end
        ((b"data: a\r\r", b"\ndata: b\n\n"), [b"a", b"b"]),  # CR, then CRLF: an empty line between
        ((b": ping\nevent: x\nid: 1\ndata:a\n\n",), [b"a"]),
        ((b"data: \xe2\x80", b"\xa8\n\n"), ["\u2028".encode()]),  # a character cut in two, no line end
        ((b"data: a\n\ndata: unfinished",), [b"a"]),
        ((b"data\n\n",), [b""]),
    ],
)
def test_events_are_framed_as_the_sse_standard_says(chunks: tuple[bytes, ...], expected: list[bytes]) -> None:
    assert asyncio.run(data_of(*chunks)) == expected
