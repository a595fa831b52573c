"""How the bench starts gptbot processes: the project's own entry point, an environment of our choosing."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def gptbot_command(*args: str) -> list[str]:
    """The installed `gptbot` console script, as an operator runs it."""
    script = Path(sys.executable).parent / "gptbot"
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "entrypoints.cli", *args]


def minimal_env(settings: dict[str, str]) -> dict[str, str]:
    """Only what the process needs: nothing from the caller's environment can configure the bot."""
    env = {name: os.environ[name] for name in KEPT if name in os.environ}
    return {**env, "PYTHONPATH": str(ROOT), "LOG_LEVEL": "WARNING", **settings}
