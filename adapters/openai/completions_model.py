"""ChatCompletionsChatModel: for servers that speak only Chat Completions (Ollama, vLLM, OpenRouter)."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import openai

from adapters.openai.deadline import CallBounds, with_retries
from adapters.openai.errors import failure_from, identified
from adapters.openai.event_stream import json_events
from adapters.openai.images import ImageSettings, OpenAIImages
from adapters.openai.inputs import chat_messages
from adapters.openai.json_fields import JsonObject, count, json_object, text_or_none
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


class ChatCompletionsChatModel:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        counter: TokenCounter,
        images: ImageSettings,
        image_detail: str = "auto",
    ) -> None:
        # As in the Responses adapter: the retries are made within the bound on the first token (ADR 25).
        self.bounds = CallBounds.of(client)
        self.client, self.counter = client.with_options(max_retries=0), counter
        self.images = OpenAIImages(client, images)
        self.image_detail = image_detail

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        partial = PartialReply(prompt, self.counter)
        finish_reason: str | None = None
        reported: JsonObject | None = None
        messages: Any = chat_messages(prompt, self.image_detail)
        response: openai.AsyncAPIResponse[Any] | None = None
        try:
            async with asyncio.timeout(self.bounds.seconds) as first_token, AsyncExitStack() as stack:
                # The chunks are read as JSON, as the Responses adapter reads its events (ADR 19).
                response = opened = await with_retries(
                    first_token,
                    self.bounds.max_retries,
                    lambda: stack.enter_async_context(
                        self.client.chat.completions.with_streaming_response.create(
                            model=prompt.model,
                            messages=messages,
                            stream=True,
                            stream_options={"include_usage": True},
                            max_completion_tokens=openai.omit
                            if prompt.max_output_tokens is None
                            else prompt.max_output_tokens,
                        )
                    ),
                )
                async for chunk in json_events(opened):
                    if isinstance(usage := chunk.get("usage"), dict):
                        reported = usage
                    choices = chunk.get("choices")
                    for choice in choices if isinstance(choices, list) else ():
                        choice = json_object(choice)
                        delta = json_object(choice.get("delta"))
                        if content := text_or_none(delta.get("content")):
                            first_token.reschedule(None)  # the reply has started: the read timeout bounds it
                            partial.add(content)
                            yield TextDelta(content)
                        if refusal := text_or_none(delta.get("refusal")):
                            first_token.reschedule(None)
                            partial.refusal.append(refusal)
                        finish_reason = text_or_none(choice.get("finish_reason")) or finish_reason
        except (openai.OpenAIError, TimeoutError) as error:
            raise identified(failure_from(error, partial.billed()), response) from error
        if finish_reason is None:
            cut = ModelFailure(FailureKind.INTERRUPTED, "the reply stream ended early", partial.billed())
            raise identified(cut, response)
        usage = completion_usage(reported, partial)
        if partial.refusal or finish_reason == "content_filter":
            detail = partial.refusal_text or "the reply was stopped by the content filter"
            raise identified(ModelFailure(FailureKind.REFUSED, detail, usage), response)
        yield ReplyDone(partial.text, usage)

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        return await self.images.generate(request)

    async def aclose(self) -> None:
        """Release the client's connections; called once, at shutdown."""
        await self.client.close()


def completion_usage(reported: JsonObject | None, partial: PartialReply) -> ModelUsage:
    """The server's counts; our own estimate when it sends none (or none that read as counts)."""
    usage = json_object(reported)
    prompt_tokens, completion_tokens = (
        count(usage.get("prompt_tokens")),
        count(usage.get("completion_tokens")),
    )
    if prompt_tokens is None or completion_tokens is None:
        return partial.estimate()
    cached = count(json_object(usage.get("prompt_tokens_details")).get("cached_tokens"))
    return partial.usage(prompt_tokens, completion_tokens, cached or 0)
