import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from jsonschema import Draft201909Validator, FormatChecker
from sqlalchemy.engine import make_url

from entrypoints.settings import Settings
from tests.entrypoints.cli_runner import run_gptbot
from tests.operations.deployment import (
    COMPOSE_UNITS,
    DEFAULT_GRACE_SECONDS,
    NOTICE_SECONDS,
    ROOT,
    seconds,
)

SCHEMA = json.loads((Path(__file__).parent / "compose_spec.json").read_text())
OUR_SERVICES = ("bot", "projection")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
    return loaded


def test_compose_file_follows_the_compose_specification(compose: dict[str, Any]) -> None:
    validator = Draft201909Validator(SCHEMA, format_checker=FormatChecker())
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(compose)]
    assert problems == []


def test_the_bot_is_given_longer_than_its_drain_to_stop(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    grace = float(bot.get("environment", {}).get("SHUTDOWN_GRACE_SECONDS", DEFAULT_GRACE_SECONDS))
    assert bot["stop_signal"] == "SIGTERM"
    assert seconds(bot["stop_grace_period"], COMPOSE_UNITS) > grace + NOTICE_SECONDS


def test_the_database_outlives_the_bot_s_drain(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "postgres" in services["bot"]["depends_on"]  # so Compose stops the bot first
    assert seconds(services["postgres"]["stop_grace_period"], COMPOSE_UNITS) >= NOTICE_SECONDS


def test_every_service_has_a_healthcheck(compose: dict[str, Any]) -> None:
    unchecked = [name for name, service in compose["services"].items() if not service.get("healthcheck")]
    assert unchecked == []


def test_services_start_once_what_they_depend_on_is_healthy(compose: dict[str, Any]) -> None:
    conditions = {
        (name, needed): dependency.get("condition")
        for name, service in compose["services"].items()
        for needed, dependency in service.get("depends_on", {}).items()
    }
    assert ("bot", "postgres") in conditions and ("bot", "redis") in conditions
    assert ("projection", "postgres") in conditions
    assert set(conditions.values()) == {"service_healthy"}


@pytest.mark.parametrize("name", OUR_SERVICES)
def test_the_bot_s_processes_run_as_a_user_other_than_root(compose: dict[str, Any], name: str) -> None:
    user = str(compose["services"][name]["user"])
    assert user.split(":")[0] not in ("", "0", "root")


def test_secrets_are_files_the_bot_reads_from_its_secrets_dir(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    assert bot["environment"]["SECRETS_DIR"] == "/run/secrets"  # where Compose mounts secrets
    assert {"telegram_bot_token", "openai_api_key"} <= set(bot["secrets"])
    assert set(bot["secrets"]) <= set(compose["secrets"])
    assert all(name in Settings.model_fields for name in compose["secrets"])  # a file per setting


@pytest.mark.parametrize("name", OUR_SERVICES)
def test_the_services_use_the_database_and_its_password_from_compose(
    compose: dict[str, Any], name: str
) -> None:
    service = compose["services"][name]
    assert service["env_file"] == ".env"
    # set in `environment`, which wins over the SQLite default that a .env made from .env.example has
    url = make_url(service["environment"]["DATABASE_URL"])
    postgres = compose["services"]["postgres"]["environment"]
    assert (url.get_backend_name(), url.host, url.port) == ("postgresql", "postgres", 5432)
    assert (url.username, url.database) == (postgres["POSTGRES_USER"], postgres["POSTGRES_DB"])
    assert url.password == postgres["POSTGRES_PASSWORD"]


def test_data_lives_in_named_volumes(compose: dict[str, Any]) -> None:
    named = set(compose["volumes"])
    mounts = {
        mount.split(":")[0]
        for name in ("bot", "postgres", "redis")
        for mount in compose["services"][name]["volumes"]
    }
    assert mounts <= named
    assert len(mounts) == 3


@pytest.mark.parametrize("name", OUR_SERVICES)
def test_the_services_run_commands_the_bot_has(compose: dict[str, Any], name: str, tmp_path: Path) -> None:
    done = run_gptbot([*compose["services"][name]["command"], "--help"], b"", tmp_path)
    assert done.returncode == 0, done.stderr.decode()


def test_the_bot_s_healthcheck_asks_its_own_health_server(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    test = bot["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    url = urlsplit(re.findall(r"'(http://[^']+)'", test[3])[0])
    assert (url.hostname, url.port, url.path) == (
        "127.0.0.1",
        int(bot["environment"]["HEALTH_PORT"]),
        "/readyz",
    )


def test_the_projection_s_healthcheck_fails_while_the_store_cannot_be_opened(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    test = compose["services"]["projection"]["healthcheck"]["test"]
    assert test[:2] == ["CMD", "gptbot"]
    healthy = run_gptbot(test[2:], b"", tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'gptbot.db'}")
    assert healthy.returncode == 0, healthy.stderr.decode()
    down = run_gptbot(test[2:], b"", tmp_path, DATABASE_URL="postgresql://gptbot@127.0.0.1:1/gptbot")
    assert down.returncode != 0
