"""OpenAIChatModel: replies through the Responses API, streamed, with our own history as input."""

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import openai

from adapters.openai.deadline import CallBounds, with_retries
from adapters.openai.errors import failure_from, failure_from_code, identified
from adapters.openai.event_stream import json_events
from adapters.openai.finished_response import FinishedResponse
from adapters.openai.images import ImageSettings, OpenAIImages
from adapters.openai.inputs import responses_input
from adapters.openai.json_fields import text_or_none
from adapters.openai.partial import PartialReply
from adapters.openai.web_search import WEB_SEARCH_TOOL
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
        # The client's timeout and retries bound the wait for the first token; the retries are made
        # here, within that bound, and not by the SDK (ADR 25).
        self.bounds = CallBounds.of(client)
        self.client, self.counter = client.with_options(max_retries=0), counter
        self.images = OpenAIImages(client, images)
        self.image_detail, self.pdf_as_file = image_detail, pdf_as_file

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        partial = PartialReply(prompt, self.counter)
        items = responses_input(prompt, self.image_detail, self.pdf_as_file)
        response: openai.AsyncAPIResponse[Any] | None = None
        done: ReplyDone | None = None
        try:
            async with asyncio.timeout(self.bounds.seconds) as first_token, AsyncExitStack() as stack:
                # The body is read as the JSON it carries (ADR 19): the typed stream validates every
                # event against the union of the SDK's event classes, and a real reply sends about one
                # per token.
                response = opened = await with_retries(
                    first_token,
                    self.bounds.max_retries,
                    lambda: stack.enter_async_context(
                        self.client.responses.with_streaming_response.create(
                            model=prompt.model,
                            input=items,
                            instructions=prompt.instructions or openai.omit,
                            max_output_tokens=openai.omit
                            if prompt.max_output_tokens is None
                            else prompt.max_output_tokens,
                            stream=True,
                            store=False,
                            safety_identifier=safety_identifier(prompt.user_id),
                            tools=[WEB_SEARCH_TOOL] if prompt.web_search else openai.omit,
                        )
                    ),
                )
                async for event in json_events(opened):
                    kind = event.get("type")
                    if kind == "response.output_text.delta" and isinstance(delta := event.get("delta"), str):
                        first_token.reschedule(None)  # the reply has started: the read timeout bounds it
                        partial.add(delta)
                        yield TextDelta(delta)
                    elif kind == "response.refusal.delta" and isinstance(delta := event.get("delta"), str):
                        first_token.reschedule(None)
                        partial.refusal.append(delta)
                    elif kind == "error":
                        raise failure_from_code(text_or_none(event.get("code")), partial.billed())
                    elif kind in TERMINAL_EVENTS and isinstance(finished := event.get("response"), dict):
                        partial.searches.read_output(finished.get("output"))
                        done = finish(FinishedResponse.of(finished), partial)
                        break
                    elif prompt.web_search:
                        partial.searches.read_event(event)
        except ModelFailure as failure:
            identified(failure, response)
            raise
        except (openai.OpenAIError, TimeoutError) as error:
            raise identified(failure_from(error, partial.billed()), response) from error
        if done is None:
            cut = ModelFailure(FailureKind.INTERRUPTED, "the reply stream ended early", partial.billed())
            raise identified(cut, response)
        yield done

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        return await self.images.generate(request)

    async def aclose(self) -> None:
        """Release the client's connections, at shutdown (the SDK's close may be called again)."""
        await self.client.close()


def finish(response: FinishedResponse, partial: PartialReply) -> ReplyDone:
    """The terminal event: a finished reply, or the failure it reports with what it billed."""
    usage = reported_usage(response, partial)
    if response.status == "failed":
        raise failure_from_code(response.error_code, usage)
    if partial.refusal or response.incomplete_reason == "content_filter":
        detail = partial.refusal_text or "the reply was stopped by the content filter"
        raise ModelFailure(FailureKind.REFUSED, detail, usage)
    return ReplyDone(partial.text or response.output_text, usage, partial.searches.sources)


def reported_usage(response: FinishedResponse, partial: PartialReply) -> ModelUsage:
    if response.usage is None:
        return partial.estimate()
    return partial.usage(*response.usage)
