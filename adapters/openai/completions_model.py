"""ChatCompletionsChatModel: for servers that speak only Chat Completions (Ollama, vLLM, OpenRouter)."""

from collections.abc import AsyncIterator
from typing import Any

import openai
from openai.types import CompletionUsage

from adapters.openai.errors import failure_from
from adapters.openai.images import ImageSettings, OpenAIImages
from adapters.openai.inputs import chat_messages
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
        self.client, self.counter = client, counter
        self.images = OpenAIImages(client, images)
        self.image_detail = image_detail

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        partial = PartialReply(prompt, self.counter)
        finish_reason: str | None = None
        reported: CompletionUsage | None = None
        messages: Any = chat_messages(prompt, self.image_detail)
        try:
            stream = await self.client.chat.completions.create(
                model=prompt.model,
                messages=messages,
                stream=True,
                stream_options={"include_usage": True},
            )
            async with stream:
                async for chunk in stream:
                    if chunk.usage is not None:
                        reported = chunk.usage
                    for choice in chunk.choices:
                        if choice.delta.content:
                            partial.add(choice.delta.content)
                            yield TextDelta(choice.delta.content)
                        if choice.delta.refusal:
                            partial.refusal.append(choice.delta.refusal)
                        finish_reason = choice.finish_reason or finish_reason
        except openai.OpenAIError as error:
            raise failure_from(error, partial.billed()) from error
        if finish_reason is None:
            raise ModelFailure(FailureKind.INTERRUPTED, "the reply stream ended early", partial.billed())
        usage = completion_usage(reported, partial)
        if partial.refusal or finish_reason == "content_filter":
            detail = partial.refusal_text or "the reply was stopped by the content filter"
            raise ModelFailure(FailureKind.REFUSED, detail, usage)
        yield ReplyDone(partial.text, usage)

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        return await self.images.generate(request)

    async def aclose(self) -> None:
        """Release the client's connections; called once, at shutdown."""
        await self.client.close()


def completion_usage(reported: CompletionUsage | None, partial: PartialReply) -> ModelUsage:
    """The server's counts; our own estimate when it sends none."""
    if reported is None:
        return partial.estimate()
    details = reported.prompt_tokens_details
    cached = (details.cached_tokens or 0) if details is not None else 0
    return partial.usage(reported.prompt_tokens, reported.completion_tokens, cached)
