"""/model and /mode: per-user choices from configured lists, remembered, and used for the next call."""

from pathlib import Path
from typing import Any

import pytest

from application.chat.context import ContextSettings
from application.chat.preferences import Mode, PreferencesService, UnknownChoice
from entrypoints.model_wiring import load_modes
from entrypoints.settings import ConfigurationError, Settings
from tests.fakes.aggregates import FakeAggregates
from tests.fakes.clock import FakeClock

DEFAULT = ContextSettings("gpt-5-mini", "Be helpful.", 8000)
MODES = {
    "default": Mode("default", "Assistant", "Be helpful."),
    "tutor": Mode("tutor", "Tutor", "Teach step by step."),
}


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def service(store: FakeAggregates) -> PreferencesService:
    return PreferencesService(store, FakeClock(), DEFAULT, ("gpt-5-mini", "gpt-5"), MODES)


async def test_a_new_user_gets_the_default_model_and_mode() -> None:
    context = await service(FakeAggregates()).context_for(7)

    assert context == DEFAULT


async def test_chosen_model_and_mode_are_remembered_per_user() -> None:
    store = FakeAggregates()
    await service(store).choose_model(7, "gpt-5")
    await service(store).choose_mode(7, "tutor")

    mine, theirs = await service(store).context_for(7), await service(store).context_for(8)

    assert (mine.model, mine.system_prompt, mine.max_context_tokens) == ("gpt-5", "Teach step by step.", 8000)
    assert theirs == DEFAULT


async def test_choosing_the_same_model_again_records_nothing_new() -> None:
    store = FakeAggregates()
    await service(store).choose_model(7, "gpt-5")
    events = sum(len(stream) for stream in store.events.values())

    await service(store).choose_model(7, "gpt-5")

    assert sum(len(stream) for stream in store.events.values()) == events


@pytest.mark.parametrize(("method", "value"), [("choose_model", "gpt-4-turbo"), ("choose_mode", "pirate")])
async def test_a_choice_not_on_offer_is_refused_with_the_options(method: str, value: str) -> None:
    store = FakeAggregates()

    with pytest.raises(UnknownChoice) as refused:
        await getattr(service(store), method)(7, value)

    assert refused.value.options in (("gpt-5-mini", "gpt-5"), ("default", "tutor"))
    assert store.events == {}


async def test_a_choice_withdrawn_from_configuration_falls_back_to_the_default() -> None:
    store = FakeAggregates()
    await service(store).choose_model(7, "gpt-5")
    await service(store).choose_mode(7, "tutor")
    narrower = PreferencesService(store, FakeClock(), DEFAULT, (), {"default": MODES["default"]})

    assert await narrower.context_for(7) == DEFAULT


def test_shipped_modes_load_and_the_default_mode_follows_system_prompt() -> None:
    modes = load_modes(settings(system_prompt="Custom prompt."))

    assert {"default", "concise", "tutor", "translator", "coder"} <= set(modes)
    assert modes["default"].prompt == "Custom prompt."
    assert all(mode.prompt for mode in modes.values())


@pytest.mark.parametrize("content", ['[modes.empty]\nprompt = ""\n', "[modes\n", "modes = 1\n"])
def test_a_malformed_modes_file_is_a_clear_configuration_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "modes.toml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ConfigurationError, match="modes"):
        load_modes(settings(modes_file=path))
