import shutil
import subprocess
from pathlib import Path

import pytest

from tests.operations.deployment import DEFAULT_GRACE_SECONDS, NOTICE_SECONDS, ROOT, SYSTEMD_UNITS, seconds

UNITS = ROOT / "deploy" / "systemd"
NAMES = ("gptbot.service", "gptbot-projection.service")
COMMANDS = {"gptbot.service": "run", "gptbot-projection.service": "project"}


def service_section(name: str) -> dict[str, list[str]]:
    """The [Service] settings, each with every value it is given (systemd allows repeats)."""
    section: dict[str, list[str]] = {}
    current = None
    for raw in (UNITS / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = line
            continue
        key, _, value = line.partition("=")
        if current == "[Service]":
            section.setdefault(key.strip(), []).append(value.strip())
    return section


def environment(section: dict[str, list[str]]) -> dict[str, str]:
    pairs = (item.split("=", 1) for value in section.get("Environment", []) for item in value.split())
    return {key: value for key, value in pairs}


@pytest.mark.parametrize("name", NAMES)
def test_unit_passes_systemd_analyze_verify(name: str, tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed here: the units were not verified by systemd")
    executable = shutil.which("true")
    assert executable is not None
    text = (UNITS / name).read_text().replace("/opt/gptbot/.venv/bin/gptbot", executable)
    (tmp_path / name).write_text(text)
    done = subprocess.run(
        [analyze, "verify", str(tmp_path / name)], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stderr) == (0, "")


@pytest.mark.parametrize("name", NAMES)
def test_unit_runs_the_command_it_is_named_for(name: str) -> None:
    assert service_section(name)["ExecStart"] == [f"/opt/gptbot/.venv/bin/gptbot {COMMANDS[name]}"]


@pytest.mark.parametrize("name", NAMES)
def test_stopping_waits_longer_than_the_drain(name: str) -> None:
    section = service_section(name)
    assert section["KillSignal"] == ["SIGTERM"]
    grace = float(environment(section).get("SHUTDOWN_GRACE_SECONDS", DEFAULT_GRACE_SECONDS))
    assert seconds(section["TimeoutStopSec"][-1], SYSTEMD_UNITS) > grace + NOTICE_SECONDS


@pytest.mark.parametrize("name", NAMES)
def test_data_lives_in_the_state_directory_of_a_dedicated_user(name: str) -> None:
    section = service_section(name)
    assert section["User"] == ["gptbot"]
    assert section["StateDirectory"] == ["gptbot"]
    assert section["WorkingDirectory"] == ["/var/lib/gptbot"]
    assert environment(section)["DATABASE_URL"].startswith("sqlite:////var/lib/gptbot/")
    assert section["EnvironmentFile"] == ["/etc/gptbot/gptbot.env"]


@pytest.mark.parametrize("name", NAMES)
def test_unit_is_sandboxed_and_restarted_on_failure(name: str) -> None:
    section = service_section(name)
    wanted = {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "Restart": "on-failure",
    }
    assert {key: section.get(key, [""])[-1] for key in wanted} == wanted
