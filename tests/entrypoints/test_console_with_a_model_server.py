from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.entrypoints.cli_runner import run_gptbot
from tests.support.fake_openai import Behaviour, FakeOpenAI

KEY = "sk-test-console-0123456789"


@pytest.fixture(scope="module")
def model_server() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def test_with_a_key_the_console_talks_to_the_configured_model_and_records_its_price(
    tmp_path: Path, model_server: FakeOpenAI
) -> None:
    model_server.default = Behaviour(text="Paris.", input_tokens=1200, output_tokens=300, cached_tokens=200)
    done = run_gptbot(
        ["chat"],
        b"capital of France?\n/usage\n",
        tmp_path,
        OPENAI_API_KEY=KEY,
        OPENAI_BASE_URL=model_server.base_url,
        OPENAI_MODEL="gpt-5-mini",
        LOG_LEVEL="DEBUG",
    )

    out = done.stdout.decode()
    assert done.returncode == 0, done.stderr.decode()
    assert "Paris." in out and "No language model is configured" not in out
    # gpt-5-mini: 1,000 uncached input at $0.25/M + 200 cached at $0.025/M + 300 output at $2/M
    assert "Today: 1500 tokens, $0.000855" in out
    assert model_server.requests[-1].body["model"] == "gpt-5-mini"
    assert KEY not in done.stderr.decode()


def test_a_model_without_a_price_stops_the_start_with_one_line(
    tmp_path: Path, model_server: FakeOpenAI
) -> None:
    done = run_gptbot(
        ["chat"],
        b"hello\n",
        tmp_path,
        OPENAI_API_KEY=KEY,
        OPENAI_BASE_URL=model_server.base_url,
        OPENAI_MODEL="unpriced-model",
    )

    assert done.returncode == 2
    assert done.stderr.decode().startswith("gptbot: ") and "unpriced-model" in done.stderr.decode()
    assert b"Traceback" not in done.stderr
