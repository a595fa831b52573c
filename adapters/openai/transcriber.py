"""Speech to text through the Audio Transcriptions endpoint; the model comes from configuration, and the
usage is kept as the provider bills it: audio and text tokens (gpt-4o*-transcribe), or the audio's
length (whisper-1)."""

import asyncio
import math

import openai
from openai.types.audio.transcription import Transcription, UsageDuration, UsageTokens

from adapters.openai.deadline import CallBounds, with_retries
from adapters.openai.errors import failure_from
from application.model_io import AudioInput, Transcript
from domain.usage import ModelUsage, UsageKind


class OpenAITranscriber:
    def __init__(self, client: openai.AsyncOpenAI, model: str) -> None:
        # The client's timeout and retries bound the whole call, retries included (ADR 25).
        self.bounds = CallBounds.of(client)
        self.client, self.model = client.with_options(max_retries=0), model

    async def transcribe(self, audio: AudioInput) -> Transcript:
        try:
            async with asyncio.timeout(self.bounds.seconds) as bound:
                result = await with_retries(
                    bound,
                    self.bounds.max_retries,
                    lambda: self.client.audio.transcriptions.create(
                        model=self.model,
                        file=(audio.filename, audio.data, audio.mime_type),
                        response_format="json",
                    ),
                )
        except (openai.OpenAIError, TimeoutError) as error:
            raise failure_from(error, None) from error
        return Transcript(result.text.strip(), self.usage_of(result, audio))

    def usage_of(self, result: Transcription, audio: AudioInput) -> ModelUsage:
        """The provider's count; for a server that reports none, the audio's length, marked estimated."""
        usage = result.usage
        if isinstance(usage, UsageTokens):
            details = usage.input_token_details
            audio_tokens = (details.audio_tokens or 0) if details is not None else usage.input_tokens
            return ModelUsage(
                self.model,
                UsageKind.TRANSCRIPTION,
                input_tokens=max(usage.input_tokens, 0),
                output_tokens=max(usage.output_tokens, 0),
                audio_tokens=min(max(audio_tokens, 0), max(usage.input_tokens, 0)),
            )
        if isinstance(usage, UsageDuration):
            seconds = math.ceil(max(usage.seconds, 0.0))
            return ModelUsage(self.model, UsageKind.TRANSCRIPTION, audio_seconds=seconds)
        return ModelUsage(self.model, UsageKind.TRANSCRIPTION, audio_seconds=audio.seconds, estimated=True)

    async def aclose(self) -> None:
        await self.client.close()
