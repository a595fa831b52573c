"""Image generation through the Images endpoint; model, size and quality come from configuration."""

import asyncio
import base64
import binascii
from dataclasses import dataclass
from typing import Any, cast

import openai

from adapters.openai.deadline import CallBounds, call_timeout, with_retries
from adapters.openai.errors import failure_from
from application.model_io import FailureKind, GeneratedImage, ImageRequest, ModelFailure
from domain.usage import ModelUsage, UsageKind


@dataclass(frozen=True)
class ImageSettings:
    model: str
    size: str
    quality: str
    timeout_seconds: float | None = None
    """The bound on the whole call, retries included; None: the client's own timeout."""


class OpenAIImages:
    def __init__(self, client: openai.AsyncOpenAI, settings: ImageSettings) -> None:
        # An image arrives in one piece, 10 to 60 s after the request: its bound is its own (ADR 25).
        seconds, own = settings.timeout_seconds, CallBounds.of(client)
        self.bounds = own if seconds is None else CallBounds(seconds, own.max_retries)
        timeout = client.timeout if seconds is None else call_timeout(seconds)
        self.client, self.settings = client.with_options(timeout=timeout, max_retries=0), settings

    async def generate(self, request: ImageRequest) -> GeneratedImage:
        try:
            async with asyncio.timeout(self.bounds.seconds) as bound:
                result = await with_retries(
                    bound,
                    self.bounds.max_retries,
                    lambda: self.client.images.generate(
                        model=self.settings.model,
                        prompt=request.description,
                        size=self.settings.size,
                        quality=cast(Any, self.settings.quality),
                        n=1,
                    ),
                )
        except (openai.OpenAIError, TimeoutError) as error:
            raise failure_from(error, None) from error
        first = result.data[0] if result.data else None
        if first is None or not first.b64_json:
            raise ModelFailure(FailureKind.UNAVAILABLE, "the image service returned no image data")
        try:
            data = base64.b64decode(first.b64_json, validate=True)
        except (binascii.Error, ValueError):
            raise ModelFailure(
                FailureKind.UNAVAILABLE, "the image service returned unreadable data"
            ) from None
        usage = ModelUsage(self.settings.model, UsageKind.IMAGE, images=1)
        mime_type = f"image/{result.output_format or 'png'}"
        return GeneratedImage(data, mime_type, usage, first.revised_prompt or "")
