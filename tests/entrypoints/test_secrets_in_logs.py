import logging

import pytest
from pydantic import SecretStr

from entrypoints.logging_setup import RedactSecrets, configure_logging
from entrypoints.settings import Settings

TOKEN = "123456:AAFakeTelegramTokenValue"
KEY = "sk-test-FakeOpenAIKeyValue"


def test_configured_secrets_are_replaced_in_log_records(capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(telegram_bot_token=SecretStr(TOKEN), openai_api_key=SecretStr(KEY), _env_file=None)
    configure_logging(settings)
    logging.getLogger("gptbot.test").warning(
        "calling https://api.telegram.org/bot%s/getMe with %s", TOKEN, KEY
    )

    err = capsys.readouterr().err
    assert TOKEN not in err and KEY not in err
    assert "bot***/getMe with ***" in err


def test_settings_never_print_their_secrets() -> None:
    settings = Settings(telegram_bot_token=SecretStr(TOKEN), openai_api_key=SecretStr(KEY), _env_file=None)

    assert TOKEN not in repr(settings) and KEY not in str(settings)


def test_short_values_are_not_treated_as_secrets() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "user 42 said abc", None, None)

    RedactSecrets(["abc"]).filter(record)

    assert record.getMessage() == "user 42 said abc"
