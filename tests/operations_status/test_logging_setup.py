"""Where logs go and how much of them: a rotating file, the libraries kept at WARNING, users as pseudonyms."""

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from entrypoints.logging_setup import LIBRARIES, Pseudonyms, configure_logging
from entrypoints.settings import Settings

KEY = "sk-rotating-RecognisableKey"


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def logging_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in LIBRARIES}
    yield
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:], root.level = handlers, level
    for name, was in levels.items():
        logging.getLogger(name).setLevel(was)


def test_log_file_rotates_at_its_size_and_keeps_the_configured_count(tmp_path: Path) -> None:
    path = tmp_path / "logs" / "gptbot.log"
    configure_logging(
        settings(
            log_file=path,
            log_file_max_bytes=2048,
            log_file_backups=2,
            log_format="json",
            log_level="INFO",
            openai_api_key=SecretStr(KEY),
        )
    )
    for n in range(200):
        logging.getLogger("entrypoints.test").info("record %d with %s", n, KEY)

    files = sorted(p.name for p in path.parent.iterdir())
    assert files == ["gptbot.log", "gptbot.log.1", "gptbot.log.2"]
    for file in path.parent.iterdir():
        text = file.read_text(encoding="utf-8")
        assert KEY not in text
        assert all(json.loads(line)["logger"] == "entrypoints.test" for line in text.splitlines())


def test_libraries_stay_at_warning_when_the_bot_logs_at_debug() -> None:
    configure_logging(settings(log_level="DEBUG"))

    assert logging.getLogger("adapters.telegram").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("openai").isEnabledFor(logging.INFO)
    assert not logging.getLogger("markdown_it.rules").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("httpcore").isEnabledFor(logging.WARNING)


def test_libraries_debug_is_an_explicit_choice() -> None:
    configure_logging(settings(log_level="DEBUG", log_libraries_debug=True))

    assert logging.getLogger("openai").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("aiohttp.access").isEnabledFor(logging.DEBUG)


def test_libraries_say_no_more_than_the_bot_at_error() -> None:
    configure_logging(settings(log_level="ERROR"))

    assert not logging.getLogger("openai").isEnabledFor(logging.WARNING)


def test_a_pseudonym_is_stable_for_one_key_and_differs_between_keys() -> None:
    one, other = Pseudonyms(b"first key"), Pseudonyms(b"second key")

    assert one(901) == one(901) != one(902)
    assert one(901) != other(901)
    assert "901" not in one(901)
