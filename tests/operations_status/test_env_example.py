""".env.example is what the generator writes from the settings, so it is never out of date."""

from pathlib import Path

from pydantic import SecretStr

from entrypoints.env_example import README, env_example
from entrypoints.settings import Settings

EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"
REGENERATE = "out of date: run `python -m entrypoints.env_example > .env.example`"


def test_committed_env_example_is_what_the_generator_writes() -> None:
    assert EXAMPLE.read_text(encoding="utf-8") == env_example(README.read_text(encoding="utf-8")), REGENERATE


def test_env_example_names_every_setting_and_loads_as_the_defaults() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")

    for name in Settings.model_fields:
        assert f"{name.upper()}=" in text
    loaded = Settings(_env_file=EXAMPLE)  # type: ignore[call-arg]
    assert loaded.model_dump() == Settings(_env_file=None).model_dump()  # type: ignore[call-arg]


def test_secrets_are_left_empty_in_the_env_example() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    secrets = [
        name.upper() for name, field in Settings.model_fields.items() if field.annotation == SecretStr | None
    ]

    assert secrets
    for name in secrets:
        assert f"# {name}=" in lines
