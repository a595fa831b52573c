"""Builds the model adapter, the document reader and the price table from the settings."""

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.metrics.transcriber import MeteredTranscriber
from adapters.offline.chat_model import OfflineChatModel
from application.admin.model_errors import ModelErrorWindow, WatchedTranscriber
from application.billing.usage import UsageService
from application.chat.attachments import AttachmentLimits
from application.chat.charges import CallCharges
from application.chat.preferences import DEFAULT_MODE, Mode, WebSearch
from application.chat.voice import AudioLimits, VoiceService
from application.ports import ChatModel, DocumentReader, Metrics, TokenCounter, Transcriber
from domain.pricing import PriceTable
from entrypoints.config_files import read_modes, read_prices
from entrypoints.settings import ConfigurationError, Settings

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
DEFAULT_PRICES_FILE = CONFIG_DIR / "prices.toml"
DEFAULT_MODES_FILE = CONFIG_DIR / "modes.toml"

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import openai


def openai_client(settings: Settings) -> "openai.AsyncOpenAI":
    """The SDK's client for the configured server, one per adapter. ADR 25: the adapters read its
    timeout and retries as the bound on the user's wait, retries included, and make the retries
    themselves within it. Imported here: the SDK is slow to import and the offline and CLI paths never
    need it."""
    import openai

    from adapters.openai.deadline import call_timeout

    if settings.openai_api_key is None:
        raise ConfigurationError("OPENAI_API_KEY is needed for an OpenAI client")
    return openai.AsyncOpenAI(
        api_key=settings.openai_api_key.get_secret_value(),
        base_url=settings.openai_base_url or None,
        timeout=call_timeout(settings.openai_timeout_seconds),
        max_retries=settings.openai_max_retries,
        http_client=openai.DefaultAioHttpClient(),  # ADR 18: aiohttp under the SDK, not httpcore's pool
    )


def build_chat_model(settings: Settings, counter: TokenCounter) -> ChatModel:
    """The configured API's adapter, or the offline model when no API key is set."""
    if settings.openai_api_key is None:
        return OfflineChatModel(counter)
    # Imported here, as the SDK in openai_client: the offline and CLI paths never need them.
    from adapters.openai.completions_model import ChatCompletionsChatModel
    from adapters.openai.images import ImageSettings
    from adapters.openai.responses_model import OpenAIChatModel

    client = openai_client(settings)
    images = ImageSettings(
        settings.openai_image_model,
        settings.openai_image_size,
        settings.openai_image_quality,
        settings.openai_image_timeout_seconds,
    )
    if settings.llm_api == "chat_completions":
        return ChatCompletionsChatModel(client, counter, images, settings.openai_image_detail)
    return OpenAIChatModel(client, counter, images, settings.openai_image_detail, settings.openai_pdf_as_file)


def web_search_of(settings: Settings) -> WebSearch:
    """Whether the bot offers web search (ADR 53): WEB_SEARCH asks for it, and only the Responses API
    has the tool; asked for on a server without it, the operator is told at start and replies go on
    without it."""
    if not settings.web_search:
        return WebSearch.OFF
    if settings.openai_api_key is None or settings.llm_api != "responses":
        log.warning(
            "WEB_SEARCH is on, but this model server has no web search (LLM_API=%s%s): "
            "replies go on without it, and /search tells users so",
            settings.llm_api,
            "" if settings.openai_api_key else ", no OPENAI_API_KEY",
        )
        return WebSearch.UNSUPPORTED
    return WebSearch.ON


def build_transcriber(settings: Settings) -> Transcriber | None:
    """The configured transcription model's adapter; None without an API key (voice is not heard)."""
    if settings.openai_api_key is None:
        return None
    from adapters.openai.transcriber import OpenAITranscriber

    return OpenAITranscriber(openai_client(settings), settings.openai_transcribe_model)


def watched_transcriber(
    transcriber: Transcriber | None,
    window: ModelErrorWindow,
    metrics: Metrics,
    prices: PriceTable,
    settings: Settings,
) -> Transcriber | None:
    """The transcriber with its failures logged and noted for the alert, and its use counted."""
    if transcriber is None:
        return None
    watched = WatchedTranscriber(transcriber, window, settings.openai_transcribe_model)
    return MeteredTranscriber(watched, metrics, prices)


def build_voice(
    transcriber: Transcriber | None, usage: UsageService, charges: CallCharges, settings: Settings
) -> VoiceService | None:
    """Voice messages heard by the configured transcription model; None when there is none."""
    if transcriber is None:
        return None
    limits = AudioLimits(settings.max_audio_seconds)
    return VoiceService(transcriber, usage, charges, settings.openai_transcribe_model, limits)


def build_document_reader(settings: Settings) -> DocumentReader:
    from adapters.openai.documents import LocalDocumentReader  # pypdf and python-docx are slow to import

    pdf_read_as_file = (
        settings.openai_api_key is not None
        and settings.llm_api == "responses"
        and settings.openai_pdf_as_file
    )
    return LocalDocumentReader(max_chars=settings.max_document_chars, pdf_read_as_file=pdf_read_as_file)


def attachment_limits(settings: Settings) -> AttachmentLimits:
    return AttachmentLimits(settings.max_image_bytes, settings.max_document_bytes)


def build_price_table(settings: Settings) -> PriceTable:
    """Shipped prices, overridden per model by PRICES_FILE; every configured model must have a price."""
    prices = read_prices(DEFAULT_PRICES_FILE)
    if settings.prices_file is not None:
        prices.update(read_prices(settings.prices_file))
    if settings.openai_api_key is None:
        return PriceTable(prices)
    audio_models = (settings.openai_transcribe_model, settings.openai_speech_model)
    for model in {settings.openai_model, *settings.allowed_models, *audio_models}:
        if model not in prices:
            raise ConfigurationError(f"no price for model {model!r}: add it to PRICES_FILE")
    if (summary_model := settings.memory_model()) is not None and summary_model not in prices:
        raise ConfigurationError(f"no price for SUMMARY_MODEL {summary_model!r}: add it to PRICES_FILE")
    image_model = settings.openai_image_model
    size, quality = settings.openai_image_size, settings.openai_image_quality
    try:
        prices[image_model] = prices[image_model].for_image_variant(size, quality)
    except KeyError:
        raise ConfigurationError(
            f"no price for {image_model!r} images at size {size} and quality {quality}: add it to PRICES_FILE"
        ) from None
    return PriceTable(prices)


def load_modes(settings: Settings) -> dict[str, Mode]:
    """The /mode presets from MODES_FILE (or the shipped file); SYSTEM_PROMPT is the default mode."""
    modes = read_modes(settings.modes_file or DEFAULT_MODES_FILE)
    default = modes.get(DEFAULT_MODE)
    modes[DEFAULT_MODE] = Mode(
        DEFAULT_MODE, default.title if default else "Assistant", settings.system_prompt
    )
    return modes
