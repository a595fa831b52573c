import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.entrypoints.cli_runner import run_gptbot
from tests.operations.deployment import ROOT

HADOLINT = Path(sys.executable).with_name("hadolint")
IMAGE = "gptbot-operations-test:latest"


def final_stage() -> list[str]:
    """The instructions of the last stage, one a line (continued lines joined)."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    starts = [i for i, line in enumerate(lines) if line.upper().startswith("FROM ")]
    return [line for line in lines[starts[-1] :] if line and not line.startswith("#")]


def instruction(stage: list[str], name: str) -> list[str]:
    return [line[len(name) :].strip() for line in stage if line.upper().startswith(name + " ")]


def test_dockerfile_has_no_hadolint_findings() -> None:
    done = subprocess.run(
        [str(HADOLINT), "--no-color", "--failure-threshold", "info", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_the_image_runs_the_bot_as_a_user_other_than_root() -> None:
    users = instruction(final_stage(), "USER")
    assert users
    assert users[-1].split(":")[0] not in ("0", "root")


def test_the_image_stops_with_sigterm_and_runs_gptbot() -> None:
    stage = final_stage()
    assert instruction(stage, "STOPSIGNAL") == ["SIGTERM"]
    assert instruction(stage, "ENTRYPOINT") == ['["gptbot"]']
    assert instruction(stage, "CMD") == ['["run"]']
    assert instruction(stage, "HEALTHCHECK")


def test_the_image_s_healthcheck_is_a_command_the_bot_has(tmp_path: Path) -> None:
    (check,) = instruction(final_stage(), "HEALTHCHECK")
    command = json.loads(check[check.index(" CMD ") + len(" CMD ") :])
    assert command[0] == "gptbot"
    done = run_gptbot([*command[1:], "--help"], b"", tmp_path)
    assert done.returncode == 0, done.stderr.decode()


def test_the_build_context_leaves_out_local_state_and_secrets() -> None:
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", ".git", ".env", "data", "secrets", "**/__pycache__"} <= ignored


def test_the_image_builds_and_answers_help() -> None:
    docker = shutil.which("docker")
    if docker is None:
        pytest.skip("no docker command here: the image was not built (hadolint still checked the Dockerfile)")
    if subprocess.run([docker, "info"], capture_output=True, timeout=60).returncode != 0:
        pytest.skip(
            "no Docker daemon answers here: the image was not built (hadolint still checked the Dockerfile)"
        )
    build = subprocess.run(
        [docker, "build", "-t", IMAGE, "."], cwd=ROOT, capture_output=True, text=True, timeout=1800
    )
    assert build.returncode == 0, build.stderr[-4000:]
    done = subprocess.run(
        [docker, "run", "--rm", IMAGE, "--help"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "run" in done.stdout and "project" in done.stdout
    user = subprocess.run(
        [docker, "run", "--rm", "--entrypoint", "id", IMAGE, "-u"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert user.stdout.strip() not in ("", "0")
