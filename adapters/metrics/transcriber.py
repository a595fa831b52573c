"""A Transcriber that counts what every transcription used and cost, then passes it on unchanged."""

from adapters.metrics.usage import count_failure, count_usage
from application.model_io import AudioInput, ModelFailure, Transcript
from application.ports import Metrics, Transcriber
from domain.pricing import PriceTable


class MeteredTranscriber:
    def __init__(self, transcriber: Transcriber, metrics: Metrics, prices: PriceTable) -> None:
        self.transcriber, self.metrics, self.prices = transcriber, metrics, prices

    async def transcribe(self, audio: AudioInput) -> Transcript:
        try:
            transcript = await self.transcriber.transcribe(audio)
        except ModelFailure as failure:
            count_failure(self.metrics, self.prices, failure)
            raise
        count_usage(self.metrics, self.prices, transcript.usage)
        return transcript

    async def aclose(self) -> None:
        await self.transcriber.aclose()
