"""A ChatModel that times and counts every call of the model it wraps, then passes it on unchanged."""

import time
from collections.abc import AsyncIterator

from adapters.metrics.usage import count_failure, count_usage
from application.model_io import GeneratedImage, ImageRequest, ModelFailure, Prompt, ReplyDone, TextDelta
from application.ports import ChatModel, Metrics
from domain.pricing import PriceTable
from domain.usage import ModelUsage


class MeteredChatModel:
    def __init__(self, model: ChatModel, metrics: Metrics, prices: PriceTable) -> None:
        self.model, self.metrics, self.prices = model, metrics, prices

    async def stream_reply(self, prompt: Prompt) -> AsyncIterator[TextDelta | ReplyDone]:
        started = time.monotonic()
        first: float | None = None
        try:
            async for item in self.model.stream_reply(prompt):
                if first is None and isinstance(item, TextDelta):
                    first = time.monotonic() - started
                if isinstance(item, ReplyDone):
                    self.metrics.model_answered(prompt.model, first, time.monotonic() - started)
                    self._used(item.usage)
                yield item
        except ModelFailure as failure:
            self._failed(failure)
            raise

    async def generate_image(self, request: ImageRequest) -> GeneratedImage:
        try:
            image = await self.model.generate_image(request)
        except ModelFailure as failure:
            self._failed(failure)
            raise
        self._used(image.usage)
        return image

    def _failed(self, failure: ModelFailure) -> None:
        count_failure(self.metrics, self.prices, failure)

    def _used(self, usage: ModelUsage) -> None:
        count_usage(self.metrics, self.prices, usage)

    async def aclose(self) -> None:
        await self.model.aclose()
