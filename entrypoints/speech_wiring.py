"""Builds the speaker and the voice replies' use case from the settings (ADR 54)."""

from adapters.metrics.speaker import MeteredSpeaker
from application.admin.model_errors import ModelErrorWindow
from application.admin.watched_speaker import WatchedSpeaker
from application.billing.usage import UsageService
from application.chat.charges import CallCharges
from application.chat.speech import SpeechService
from application.ports import Metrics, Speaker
from domain.pricing import PriceTable
from entrypoints.model_wiring import openai_client
from entrypoints.settings import Settings


def billed_by_characters(prices: PriceTable, model: str) -> bool:
    """Whether the speech model bills the characters it speaks (tts-1) rather than tokens."""
    return prices.price_of(model).character_micros_per_million > 0


def build_speaker(settings: Settings, prices: PriceTable) -> Speaker | None:
    """The configured speech model's adapter; None without an API key (replies are not spoken)."""
    if settings.openai_api_key is None:
        return None
    from adapters.openai.speaker import OpenAISpeaker

    model = settings.openai_speech_model
    return OpenAISpeaker(
        openai_client(settings), model, settings.openai_speech_voice, billed_by_characters(prices, model)
    )


def watched_speaker(
    speaker: Speaker | None,
    window: ModelErrorWindow,
    metrics: Metrics,
    prices: PriceTable,
    settings: Settings,
) -> Speaker | None:
    """The speaker with its failures logged and noted for the alert, and its use counted."""
    if speaker is None:
        return None
    return MeteredSpeaker(WatchedSpeaker(speaker, window, settings.openai_speech_model), metrics, prices)


def build_speech(
    speaker: Speaker | None, usage: UsageService, charges: CallCharges, prices: PriceTable, settings: Settings
) -> SpeechService | None:
    """Replies spoken by the configured speech model; None when there is none."""
    if speaker is None:
        return None
    model = settings.openai_speech_model
    return SpeechService(speaker, usage, charges, model, billed_by_characters(prices, model))
