"""A Transcriber that counts what every transcription used and cost, then passes it on unchanged."""

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
            self.metrics.model_failed(failure.kind.value)
            raise
        usage = transcript.usage
        self.metrics.tokens_used(usage.model, "input", usage.input_tokens)
        self.metrics.tokens_used(usage.model, "output", usage.output_tokens)
        self.metrics.spent(usage.model, usage.kind.value, self.prices.cost_micros(usage))
        return transcript

    async def aclose(self) -> None:
        await self.transcriber.aclose()
