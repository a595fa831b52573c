"""OpenAIChatModel: replies through the Responses API, streamed, with our own history as input."""

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import openai
from openai.types.responses import Response

from adapters.openai.errors import failure_from, failure_from_code
from adapters.openai.images import ImageSettings, OpenAIImages
from adapters.openai.inputs import responses_input
from adapters.openai.partial import PartialReply
from application.model_io import (
    FailureKind,
    GeneratedImage,
    ImageRequest,
    ModelFailure,
    Prompt,
    ReplyDone,
    TextDelta,
)
from application.ports import TokenCounter
from domain.usage import ModelUsage

TERMINAL_EVENTS = frozenset({"response.completed", "response.incomplete", "response.failed"})

# The stream's events are read as the JSON objects they arrive as. The SDK's typed decode would try
# each event against every one of its dozens of event classes (about 40 µs an event, and a real reply
# sends one event per token); only the terminal event's response becomes an object here.
RawEvents = openai.AsyncStream[object]


def safety_identifier(user_id: int) -> str:
    """A stable pseudonym for abuse monitoring; the provider never sees the Telegram id."""
    return hashlib.sha256(f"gptbot-user:{user_id}".encode()).hexdigest()[:32]


class OpenAIChatModel:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        counter: TokenCounter,
        images: ImageSettings,
        image_detail: str = "auto",
        pdf_as_file: bool = True,
    ) -> None:
        self.client, self.counter = client, counter
        self.images = OpenAIImages(client, images)
        self.image_detail, self.pdf_as_file = image_detail, pdf_as_file

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        partial = PartialReply(prompt, self.counter)
        items: Any = responses_input(prompt, self.image_detail, self.pdf_as_file)
        try:
            async with self.client.responses.with_streaming_response.create(
                model=prompt.model,
                instructions=prompt.instructions or openai.omit,
                input=items,
                stream=True,
                store=False,
                safety_identifier=safety_identifier(prompt.user_id),
            ) as response:
                async for event in await response.parse(to=RawEvents):
                    if not isinstance(event, dict):
                        continue
                    kind = event.get("type")
                    if kind == "response.output_text.delta" and isinstance(delta := event.get("delta"), str):
                        partial.add(delta)
                        yield TextDelta(delta)
                    elif kind == "response.refusal.delta" and isinstance(delta := event.get("delta"), str):
                        partial.refusal.append(delta)
                    elif kind == "error":
                        raise failure_from_code(text_or_none(event.get("code")), partial.billed())
                    elif kind in TERMINAL_EVENTS and isinstance(body := event.get("response"), dict):
                        yield finish(Response.construct(**body), partial)
                        return
        except openai.OpenAIError as error:
            raise failure_from(error, partial.billed()) from error
        raise ModelFailure(FailureKind.INTERRUPTED, "the reply stream ended early", partial.billed())

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        return await self.images.generate(request)

    async def aclose(self) -> None:
        """Release the client's connections; called once, at shutdown."""
        await self.client.close()


def text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def finish(response: Response, partial: PartialReply) -> ReplyDone:
    """The terminal event: a finished reply, or the failure it reports with what it billed."""
    usage = reported_usage(response, partial)
    if response.status == "failed":
        code = response.error.code if response.error is not None else None
        raise failure_from_code(code, usage)
    reason = response.incomplete_details.reason if response.incomplete_details else None
    if partial.refusal or reason == "content_filter":
        detail = partial.refusal_text or "the reply was stopped by the content filter"
        raise ModelFailure(FailureKind.REFUSED, detail, usage)
    return ReplyDone(partial.text or response.output_text, usage)


def reported_usage(response: Response, partial: PartialReply) -> ModelUsage:
    usage = response.usage
    if usage is None:
        return partial.estimate()
    details = usage.input_tokens_details
    cached = details.cached_tokens if details is not None else 0
    return partial.usage(usage.input_tokens, usage.output_tokens, cached or 0)
