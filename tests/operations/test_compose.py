import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft201909Validator, FormatChecker

from tests.entrypoints.cli_runner import run_gptbot
from tests.operations import block_yaml
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
    loaded: dict[str, Any] = block_yaml.load((ROOT / "compose.yaml").read_text())
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


@pytest.mark.parametrize("name", OUR_SERVICES)
def test_settings_come_from_the_env_file_and_secrets_from_files(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]
    assert service["env_file"] == ".env"
    assert service["environment"]["SECRETS_DIR"] == "/run/secrets"  # where Compose mounts secrets
    assert "database_url" in service["secrets"]
    declared = compose["secrets"]
    assert all(secret in declared for secret in service["secrets"])


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
    service = compose["services"][name]
    health = service["healthcheck"]["test"]
    assert health[:2] == ["CMD", "gptbot"]
    for command in (service["command"], health[2:]):
        done = run_gptbot([*command, "--help"], b"", tmp_path)
        assert done.returncode == 0, done.stderr.decode()


def test_the_healthcheck_fails_while_the_store_cannot_be_opened(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    command = compose["services"]["bot"]["healthcheck"]["test"][2:]
    healthy = run_gptbot(command, b"", tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'gptbot.db'}")
    assert healthy.returncode == 0, healthy.stderr.decode()
    down = run_gptbot(command, b"", tmp_path, DATABASE_URL="postgresql://gptbot@127.0.0.1:1/gptbot")
    assert down.returncode != 0
    assert b"event store" in down.stderr
