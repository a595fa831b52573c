"""What the metered model counts: every call's tokens and cost at the table's prices, a billed failure's
too, and each failure by its kind; the replies and failures pass through unchanged."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from adapters.metrics.chat_model import MeteredChatModel
from adapters.metrics.prometheus import PrometheusMetrics
from application.model_io import FailureKind, ImageRequest, ModelFailure, Prompt, PromptTurn, ReplyDone
from domain.conversation import Role
from domain.pricing import ModelPrice, PriceTable
from domain.usage import ModelUsage
from tests.support.scripted_model import ScriptedChatModel

PRICES = PriceTable(
    {
        "chat-model": ModelPrice(input_micros_per_mtok=2_000_000, output_micros_per_mtok=8_000_000),
        "scripted-image": ModelPrice(image_micros=40_000),
    }
)


def counted(metrics: PrometheusMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    page = metrics.exposition().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(page)
        for sample in family.samples
    }


def prompt(words: str) -> Prompt:
    return Prompt("chat-model", "", (PromptTurn(Role.USER, words),), 1)


async def test_a_reply_a_billed_failure_and_an_image_are_counted_at_their_prices() -> None:
    scripted = ScriptedChatModel()
    metrics = PrometheusMetrics()
    model = MeteredChatModel(scripted, metrics, PRICES)

    items = [item async for item in model.stream_reply(prompt("hello there"))]
    done = items[-1]
    assert isinstance(done, ReplyDone) and done.text == "echo: hello there"
    billed = ModelUsage("chat-model", input_tokens=500, output_tokens=0)
    scripted.failures.append(ModelFailure(FailureKind.INTERRUPTED, billed=billed))
    with pytest.raises(ModelFailure):
        _ = [item async for item in model.stream_reply(prompt("again"))]
    image = await model.generate_image(ImageRequest("a cat"))

    seen = counted(metrics)
    input_tokens = done.usage.input_tokens + billed.input_tokens
    assert seen[("gptbot_model_tokens_total", (("kind", "input"), ("model", "chat-model")))] == input_tokens
    output = done.usage.output_tokens
    assert seen[("gptbot_model_tokens_total", (("kind", "output"), ("model", "chat-model")))] == output
    chat_cost = PRICES.cost_micros(done.usage) + PRICES.cost_micros(billed)
    assert seen[("gptbot_model_cost_micros_total", (("kind", "chat"), ("model", "chat-model")))] == chat_cost
    image_cost = PRICES.cost_micros(image.usage)
    assert (
        seen[("gptbot_model_cost_micros_total", (("kind", "image"), ("model", "scripted-image")))]
        == image_cost
    )
    assert seen[("gptbot_model_failures_total", (("kind", "interrupted"),))] == 1
    assert seen[("gptbot_model_reply_seconds_count", (("model", "chat-model"),))] == 1
