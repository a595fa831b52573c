"""Per-model prices in micro-dollars per million tokens, per image, per minute of audio and per web
search call."""

from dataclasses import dataclass, field, replace

from domain.usage import ModelUsage

PER_MILLION = 1_000_000
SECONDS_PER_MINUTE = 60


@dataclass(frozen=True)
class ModelPrice:
    input_micros_per_mtok: int = 0
    cached_input_micros_per_mtok: int = 0
    output_micros_per_mtok: int = 0
    image_micros: int = 0
    image_micros_by_variant: dict[tuple[str, str], int] = field(default_factory=dict)
    """Price of one image by (size, quality), e.g. ("1024x1024", "medium")."""
    audio_input_micros_per_mtok: int = 0
    """Audio input tokens (a transcription's sound), priced apart from text input."""
    audio_micros_per_minute: int = 0
    """Audio billed by its length (whisper-1) rather than by tokens."""
    audio_estimate_micros_per_minute: int = 0
    """What a minute of audio is taken to cost for the budget check before the call: a ceiling, never
    below what the provider bills for it."""
    web_search_micros: int = 0
    """One call of the web search tool, billed on top of the search content's tokens."""
    character_micros_per_million: int = 0
    """Text a speech model (tts-1) bills by its characters rather than by tokens."""

    def for_image_variant(self, size: str, quality: str) -> "ModelPrice":
        """This price with `image_micros` set to the (size, quality) variant; KeyError if none."""
        return replace(self, image_micros=self.image_micros_by_variant[(size, quality)])


@dataclass(frozen=True)
class PriceTable:
    prices: dict[str, ModelPrice] = field(default_factory=dict)

    def price_of(self, model: str) -> ModelPrice:
        return self.prices.get(model, ModelPrice())

    def knows(self, model: str) -> bool:
        return model in self.prices

    def cost_micros(self, usage: ModelUsage) -> int:
        """Rounded up to the next micro-dollar, so the ledger never under-reports."""
        price = self.price_of(usage.model)
        text_input = usage.input_tokens - usage.cached_tokens - usage.audio_tokens
        token_cost = (
            text_input * price.input_micros_per_mtok
            + usage.cached_tokens * price.cached_input_micros_per_mtok
            + usage.audio_tokens * price.audio_input_micros_per_mtok
            + usage.output_tokens * price.output_micros_per_mtok
        )
        per_minute = price.audio_micros_per_minute
        if not per_minute and usage.estimated:  # a token-billed model that reported no tokens
            per_minute = price.audio_estimate_micros_per_minute
        duration_cost = usage.audio_seconds * per_minute
        return (
            -(-token_cost // PER_MILLION)
            + -(-duration_cost // SECONDS_PER_MINUTE)
            + usage.images * price.image_micros
            + usage.web_searches * price.web_search_micros
            + -(-usage.characters * price.character_micros_per_million // PER_MILLION)
        )

    def audio_estimate_micros(self, model: str, seconds: int) -> int:
        """The budget check's ceiling on what `seconds` of audio cost the model, rounded up."""
        per_minute = self.price_of(model).audio_estimate_micros_per_minute
        return -(-seconds * per_minute // SECONDS_PER_MINUTE)
