"""Per-model prices in micro-dollars per million tokens, and per image."""

from dataclasses import dataclass, field, replace

from domain.usage import ModelUsage

PER_MILLION = 1_000_000


@dataclass(frozen=True)
class ModelPrice:
    input_micros_per_mtok: int = 0
    cached_input_micros_per_mtok: int = 0
    output_micros_per_mtok: int = 0
    image_micros: int = 0
    image_micros_by_variant: dict[tuple[str, str], int] = field(default_factory=dict)
    """Price of one image by (size, quality), e.g. ("1024x1024", "medium")."""

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
        uncached = usage.input_tokens - usage.cached_tokens
        token_cost = (
            uncached * price.input_micros_per_mtok
            + usage.cached_tokens * price.cached_input_micros_per_mtok
            + usage.output_tokens * price.output_micros_per_mtok
        )
        return -(-token_cost // PER_MILLION) + usage.images * price.image_micros
