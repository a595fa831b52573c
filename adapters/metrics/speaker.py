"""A Speaker that counts what every spoken reply used and cost, then passes it on unchanged."""

from application.model_io import ModelFailure, Speech
from application.ports import Metrics, Speaker
from domain.pricing import PriceTable


class MeteredSpeaker:
    def __init__(self, speaker: Speaker, metrics: Metrics, prices: PriceTable) -> None:
        self.speaker, self.metrics, self.prices = speaker, metrics, prices

    async def speak(self, text: str, request_id: str) -> Speech:
        try:
            speech = await self.speaker.speak(text, request_id)
        except ModelFailure as failure:
            self.metrics.model_failed(failure.kind.value)
            raise
        usage = speech.usage
        self.metrics.tokens_used(usage.model, "input", usage.input_tokens)
        self.metrics.tokens_used(usage.model, "output", usage.output_tokens)
        self.metrics.spent(usage.model, usage.kind.value, self.prices.cost_micros(usage))
        return speech

    async def aclose(self) -> None:
        await self.speaker.aclose()
