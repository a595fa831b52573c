"""Runs the real `gptbot` console script in a clean environment, as an operator would."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GPTBOT = Path(sys.executable).with_name("gptbot")
UNSET = ("TELEGRAM_BOT_TOKEN", "OPENAI_API_KEY", "DATABASE_URL", "REDIS_URL", "REDIS_HOST", "CHANNEL_ID")


def clean_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET}
    env.update(overrides)
    return env


def run_gptbot(
    args: list[str], stdin: bytes, cwd: Path, timeout: float = 60, **env: str
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(GPTBOT), *args], input=stdin, cwd=cwd, env=clean_env(**env), capture_output=True, timeout=timeout
    )
