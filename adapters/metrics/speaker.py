"""A Speaker that counts what every spoken reply used and cost, then passes it on unchanged."""

from adapters.metrics.usage import count_failure, count_usage
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
            count_failure(self.metrics, self.prices, failure)
            raise
        count_usage(self.metrics, self.prices, speech.usage)
        return speech

    async def aclose(self) -> None:
        await self.speaker.aclose()
