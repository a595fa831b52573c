"""Prices from configuration files, and the adapter chosen from the settings."""

from pathlib import Path
from typing import Any

import pytest

from adapters.offline.chat_model import OfflineChatModel
from adapters.openai.completions_model import ChatCompletionsChatModel
from adapters.openai.responses_model import OpenAIChatModel
from application.chat.tokens import ApproximateTokenCounter
from application.model_io import FailureKind, ImageRequest, ModelFailure
from domain.usage import ModelUsage, UsageKind
from entrypoints.model_wiring import build_chat_model, build_price_table
from entrypoints.settings import ConfigurationError, Settings


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_shipped_prices_cost_a_chat_call_and_an_image() -> None:
    table = build_price_table(settings(openai_api_key="k"))

    chat = ModelUsage("gpt-5-mini", input_tokens=2_000_000, output_tokens=1_000_000, cached_tokens=1_000_000)
    image = ModelUsage("gpt-image-2", UsageKind.IMAGE, images=2)
    assert table.cost_micros(chat) == 250_000 + 25_000 + 2_000_000
    assert table.cost_micros(image) == 2 * 53_000


def test_a_prices_file_overrides_one_model_and_keeps_the_rest(tmp_path: Path) -> None:
    override = tmp_path / "prices.toml"
    override.write_text(
        '[models."gpt-5-mini"]\ninput_per_mtok = "1"\noutput_per_mtok = "3"\n\n'
        '[models."llama3.2"]\n'
        '[models."gpt-image-2".per_image]\n"1024x1024" = { medium = "0.10" }\n',
        encoding="utf-8",
    )
    table = build_price_table(settings(openai_api_key="k", prices_file=override, openai_model="llama3.2"))

    assert (
        table.cost_micros(ModelUsage("gpt-5-mini", input_tokens=1_000_000, output_tokens=1_000_000))
        == 4_000_000
    )
    assert table.cost_micros(ModelUsage("llama3.2", input_tokens=5_000_000)) == 0
    assert table.price_of("gpt-5").output_micros_per_mtok == 10_000_000
    assert table.price_of("gpt-image-2").image_micros == 100_000


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"openai_model": "unpriced-model"}, "no price for model 'unpriced-model'"),
        ({"allowed_models": ("gpt-5-mini", "mystery")}, "no price for model 'mystery'"),
        ({"openai_image_quality": "ultra"}, "quality ultra"),
        ({"openai_image_model": "other-image-model"}, "'other-image-model' images"),
    ],
)
def test_a_configured_model_without_a_price_stops_the_start(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        build_price_table(settings(openai_api_key="k", **values))


@pytest.mark.parametrize(
    "content",
    [
        '[models."gpt-5-mini"]\ninput_per_mtok = "cheap"\n',
        '[models."gpt-5-mini"]\ninput_per_mtok = "-1"\n',
        '[models."gpt-5-mini"]\ninput_per_mtok = true\n',
        "[models\nbroken",
        'models = "nope"\n',
    ],
)
def test_a_malformed_prices_file_is_a_clear_configuration_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "prices.toml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ConfigurationError, match="prices"):
        build_price_table(settings(prices_file=path))


def test_a_missing_prices_file_is_a_clear_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="cannot read prices"):
        build_price_table(settings(prices_file=tmp_path / "absent.toml"))


async def test_without_an_api_key_the_offline_model_answers_and_declines_images() -> None:
    model = build_chat_model(settings(), ApproximateTokenCounter())

    assert isinstance(model, OfflineChatModel)
    with pytest.raises(ModelFailure) as failure:
        await model.generate_image(ImageRequest("a cat"))
    assert failure.value.kind is FailureKind.UNAVAILABLE


@pytest.mark.parametrize(
    ("api", "adapter"), [("responses", OpenAIChatModel), ("chat_completions", ChatCompletionsChatModel)]
)
async def test_the_llm_api_setting_chooses_the_adapter(api: str, adapter: type) -> None:
    model = build_chat_model(
        settings(openai_api_key="k", openai_base_url="http://127.0.0.1:9/v1", llm_api=api),
        ApproximateTokenCounter(),
    )

    assert isinstance(model, adapter)
    await model.client.close()  # type: ignore[attr-defined]
