"""What a model call used and cost, and how it failed, as the metrics count them; for every metered
model: chat, transcription, speech."""

from application.model_io import ModelFailure
from application.ports import Metrics
from domain.pricing import PriceTable
from domain.usage import ModelUsage


def count_usage(metrics: Metrics, prices: PriceTable, usage: ModelUsage) -> None:
    metrics.tokens_used(usage.model, "input", usage.input_tokens)
    metrics.tokens_used(usage.model, "output", usage.output_tokens)
    metrics.tokens_used(usage.model, "cached", usage.cached_tokens)
    metrics.spent(usage.model, usage.kind.value, prices.cost_micros(usage))


def count_failure(metrics: Metrics, prices: PriceTable, failure: ModelFailure) -> None:
    """The failure by its kind, and what the provider billed for it anyway."""
    metrics.model_failed(failure.kind.value)
    if failure.billed is not None:
        count_usage(metrics, prices, failure.billed)
