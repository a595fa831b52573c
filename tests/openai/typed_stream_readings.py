"""The adapters' readings written over the SDK's typed stream (`create(stream=True)`): what the JSON
readings (ADR 19) are held to. Only the reading of the events differs; the rest is the adapters' own."""

from collections.abc import AsyncIterator

import openai
from openai.types import CompletionUsage
from openai.types.chat import ChatCompletionChunk
from openai.types.responses import Response

from adapters.openai.errors import failure_from, failure_from_code
from adapters.openai.finished_response import FinishedResponse, ReportedUsage
from adapters.openai.partial import PartialReply
from adapters.openai.responses_model import TERMINAL_EVENTS, finish
from application.chat.tokens import ApproximateTokenCounter
from application.model_io import FailureKind, ModelFailure, Prompt, ReplyDone, TextDelta
from domain.usage import ModelUsage

COUNTER = ApproximateTokenCounter()


def sdk_reading(model: Response) -> FinishedResponse:
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


async def typed_responses_replies(
    client: openai.AsyncOpenAI, prompt: Prompt
) -> AsyncIterator[TextDelta | ReplyDone]:
    partial = PartialReply(prompt, COUNTER)
    try:
        stream = await client.responses.create(model=prompt.model, input="Hi", stream=True)
        async with stream:
            async for event in stream:
                kind = getattr(event, "type", None)
                if kind == "response.output_text.delta":
                    partial.add(event.delta)
                    yield TextDelta(event.delta)
                elif kind == "response.refusal.delta":
                    partial.refusal.append(event.delta)
                elif kind == "error":
                    raise failure_from_code(event.code, partial.billed())
                elif kind in TERMINAL_EVENTS:
                    yield finish(sdk_reading(event.response), partial)
                    return
    except openai.OpenAIError as error:
        raise failure_from(error, partial.billed()) from error
    raise ModelFailure(FailureKind.INTERRUPTED, "the reply stream ended early", partial.billed())


async def typed_completions_replies(
    client: openai.AsyncOpenAI, prompt: Prompt
) -> AsyncIterator[TextDelta | ReplyDone]:
    partial = PartialReply(prompt, COUNTER)
    finish_reason: str | None = None
    reported: CompletionUsage | None = None
    try:
        stream = await client.chat.completions.create(
            model=prompt.model,
            messages=[{"role": "user", "content": "Hi"}],
            stream=True,
            stream_options={"include_usage": True},
        )
        async with stream:
            async for chunk in stream:
                if not isinstance(chunk, ChatCompletionChunk):
                    continue  # data that is no object: the JSON reading passes it over
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
    usage = typed_usage(reported, partial)
    if partial.refusal or finish_reason == "content_filter":
        detail = partial.refusal_text or "the reply was stopped by the content filter"
        raise ModelFailure(FailureKind.REFUSED, detail, usage)
    yield ReplyDone(partial.text, usage)


def typed_usage(reported: CompletionUsage | None, partial: PartialReply) -> ModelUsage:
    if reported is None:
        return partial.estimate()
    details = reported.prompt_tokens_details
    cached = (details.cached_tokens or 0) if details is not None else 0
    return partial.usage(reported.prompt_tokens, reported.completion_tokens, cached)
