"""Which model long memory summarises with, and when it is off."""

from typing import Any

import pytest

from application.chat.memory import MemorySettings
from entrypoints.container import memory_settings
from entrypoints.model_wiring import build_price_table
from entrypoints.settings import ConfigurationError, Settings


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_summaries_are_made_by_the_chat_model_unless_another_is_named() -> None:
    assert memory_settings(settings(openai_api_key="k")) == MemorySettings("gpt-5-mini", 500)
    named = settings(openai_api_key="k", summary_model="gpt-4o-mini", summary_max_tokens=200)
    assert memory_settings(named) == MemorySettings("gpt-4o-mini", 200)


@pytest.mark.parametrize("values", [{}, {"openai_api_key": "k", "summary_model": "off"}])
def test_long_memory_is_off_offline_or_when_switched_off(values: dict[str, Any]) -> None:
    assert memory_settings(settings(**values)) is None


def test_a_summary_model_without_a_price_stops_the_start() -> None:
    with pytest.raises(ConfigurationError, match="SUMMARY_MODEL 'unpriced'"):
        build_price_table(settings(openai_api_key="k", summary_model="unpriced"))
