"""Voice messages, audio files and video notes: checked from their duration and size, the budget
checked from the duration before the model hears them, transcribed, and the transcription's charge
recorded on its own (ADR 50). The transcript is then answered like a text message."""

from dataclasses import dataclass
from enum import StrEnum

from application.billing.usage import UsageService
from application.chat.charges import CallCharges
from application.errors import ApplicationError
from application.model_io import AudioInput, ModelFailure, Transcript
from application.ports import Transcriber

TELEGRAM_DOWNLOAD_BYTES = 20 * 1024 * 1024
"""The largest file a bot may download from Telegram (getFile)."""
TOKENS_PER_SECOND_ESTIMATE = 40
"""A ceiling on the tokens a second of speech costs (about 17 of audio in, under 10 of text out), for
token budgets; the cost is estimated from the price table's own ceiling per minute."""


class AudioProblem(StrEnum):
    TOO_LONG = "too_long"
    TOO_LARGE = "too_large"
    SILENT = "silent"


class AudioRefused(ApplicationError):
    """Audio that is not transcribed, or whose transcription holds nothing to answer."""

    def __init__(self, problem: AudioProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem, self.detail = problem, detail


@dataclass(frozen=True)
class AudioLimits:
    max_seconds: int = 600
    max_bytes: int = TELEGRAM_DOWNLOAD_BYTES


def check_audio(seconds: int, size: int | None, limits: AudioLimits) -> None:
    """Raises AudioRefused for audio too long or too large to transcribe, judged before the download."""
    if seconds > limits.max_seconds:
        raise AudioRefused(AudioProblem.TOO_LONG, f"{seconds} s; the limit is {limits.max_seconds}")
    if size is not None and size > limits.max_bytes:
        raise AudioRefused(AudioProblem.TOO_LARGE, f"{size} bytes; the limit is {limits.max_bytes}")
    if size == 0:
        raise AudioRefused(AudioProblem.SILENT, "the file is empty")


def transcription_id(request_id: str) -> str:
    """The usage record of the request's transcription, apart from the record of its reply."""
    return f"{request_id}:transcription"


class VoiceService:
    def __init__(
        self,
        transcriber: Transcriber,
        usage: UsageService,
        charges: CallCharges,
        model: str,
        limits: AudioLimits,
    ) -> None:
        self.transcriber, self.usage, self.charges = transcriber, usage, charges
        self.model, self.limits = model, limits

    async def transcribe(self, user_id: int, audio: AudioInput) -> Transcript:
        """Check the audio and the user's budget, transcribe it, and record what the call cost; raises
        AudioRefused when it is too long or too large, or when nothing was heard in it (its charge
        recorded all the same)."""
        check_audio(audio.seconds, len(audio.data), self.limits)
        estimate = self.usage.audio_estimate_of(self.model, audio.seconds)
        tokens = audio.seconds * TOKENS_PER_SECOND_ESTIMATE
        await self.usage.ensure_within_budget(user_id, self.model, tokens, estimate_micros=estimate)
        request_id = transcription_id(audio.request_id)
        try:
            transcript = await self.transcriber.transcribe(audio)
        except ModelFailure as failure:
            await self.charges.billed_failure(user_id, request_id, failure)
            raise
        await self.charges.record(user_id, request_id, transcript.usage)
        if not transcript.text.strip():
            raise AudioRefused(AudioProblem.SILENT, "the transcript is empty")
        return transcript
