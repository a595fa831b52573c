"""Voice replies (/voice on): a text reply spoken by the speech model after it was sent, the budget
checked from the text's length before the call, and the call's charge recorded on its own (ADR 54)."""

from enum import StrEnum

from application.billing.usage import UsageService
from application.chat.charges import CallCharges
from application.errors import ApplicationError
from application.model_io import ModelFailure, Speech
from application.ports import Speaker
from domain.usage import ModelUsage, UsageKind

MAX_SPEECH_CHARS = 4096
"""The most the speech endpoint takes in one call; a longer reply is not spoken."""
AUDIO_TOKENS_PER_CHAR_ESTIMATE = 2
"""A ceiling on the audio tokens a character of text becomes: gpt-4o-mini-tts makes about 1,250 a
minute, and a minute of speech is some 800 characters or more."""


class SpeechProblem(StrEnum):
    TOO_LONG = "too_long"
    EMPTY = "empty"


class SpeechRefused(ApplicationError):
    """A reply that is not spoken: too long for the speech endpoint, or nothing to say."""

    def __init__(self, problem: SpeechProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem, self.detail = problem, detail


def speech_id(request_id: str) -> str:
    """The usage record of the request's spoken reply, apart from the record of its text."""
    return f"{request_id}:speech"


def estimated_speech(model: str, text: str, by_characters: bool) -> ModelUsage:
    """What speaking `text` is taken to cost where the provider reports nothing: a model billed by the
    character (tts-1) is billed exactly that; a token-billed one (gpt-4o-mini-tts) at a ceiling of a
    token a character in and AUDIO_TOKENS_PER_CHAR_ESTIMATE out, marked estimated."""
    characters = len(text)
    if by_characters:
        return ModelUsage(model, UsageKind.SPEECH, characters=characters)
    output = characters * AUDIO_TOKENS_PER_CHAR_ESTIMATE
    return ModelUsage(model, UsageKind.SPEECH, characters, output, characters=characters, estimated=True)


class SpeechService:
    def __init__(
        self, speaker: Speaker, usage: UsageService, charges: CallCharges, model: str, by_characters: bool
    ) -> None:
        self.speaker, self.usage, self.charges = speaker, usage, charges
        self.model, self.by_characters = model, by_characters

    async def speak(self, user_id: int, request_id: str, text: str) -> Speech:
        """Check the text and the user's budget, speak it, and record what the call cost; raises
        SpeechRefused for a text too long or empty, BudgetExceeded past a limit, ModelFailure when the
        model fails (what the provider billed for it recorded)."""
        words = text.strip()
        if not words:
            raise SpeechRefused(SpeechProblem.EMPTY)
        if len(words) > MAX_SPEECH_CHARS:
            raise SpeechRefused(SpeechProblem.TOO_LONG, f"{len(words)} characters")
        estimate = estimated_speech(self.model, words, self.by_characters)
        await self.usage.ensure_within_budget(
            user_id, self.model, estimate.tokens, estimate_micros=self.usage.price_of(estimate)
        )
        record_id = speech_id(request_id)
        try:
            speech = await self.speaker.speak(words, record_id)
        except ModelFailure as failure:
            await self.charges.billed_failure(user_id, record_id, failure)
            raise
        await self.charges.record(user_id, record_id, speech.usage)
        return speech
