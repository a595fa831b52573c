from pathlib import Path

import pytest

from entrypoints.settings import ConfigurationError, load_settings
from tests.entrypoints.cli_runner import run_gptbot

TOKEN = "123456:secret-from-a-file"


@pytest.fixture
def secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "secrets"
    folder.mkdir()
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "WEBHOOK_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRETS_DIR", str(folder))
    return folder


def test_a_setting_is_read_from_its_file_in_the_secrets_dir(secrets: Path) -> None:
    (secrets / "telegram_bot_token").write_text(TOKEN + "\n")
    (secrets / "openai_api_key").write_text("sk-from-a-file")

    settings = load_settings()

    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == TOKEN
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-from-a-file"


def test_the_environment_wins_over_a_secret_file(secrets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (secrets / "telegram_bot_token").write_text(TOKEN)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "654321:from-the-environment")

    settings = load_settings()

    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "654321:from-the-environment"


def test_an_invalid_value_in_a_secret_file_names_the_setting(secrets: Path) -> None:
    (secrets / "webhook_port").write_text("not-a-port")

    with pytest.raises(ConfigurationError, match="WEBHOOK_PORT"):
        load_settings()


def test_a_secrets_dir_that_is_not_a_folder_stops_the_start(
    secrets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SECRETS_DIR", str(secrets / "missing"))

    with pytest.raises(ConfigurationError, match="SECRETS_DIR"):
        load_settings()


def test_without_a_secrets_dir_no_file_is_read(secrets: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (secrets / "telegram_bot_token").write_text(TOKEN)
    monkeypatch.delenv("SECRETS_DIR")

    assert load_settings().telegram_bot_token is None


def test_an_empty_api_key_secret_means_the_offline_model(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "openai_api_key").write_text("\n")

    done = run_gptbot(["chat"], b"hello\n", tmp_path, SECRETS_DIR=str(secrets))

    assert done.returncode == 0, done.stderr.decode()
    assert "No language model is configured" in done.stdout.decode()
