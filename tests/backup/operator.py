"""`gptbot` run as a process, as an operator runs it, on a given DATABASE_URL."""

from dataclasses import dataclass
from pathlib import Path

from tests.entrypoints.cli_runner import run_gptbot


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str


def gptbot(cwd: Path, database_url: str, *args: str, **env: str) -> Done:
    done = run_gptbot(list(args), b"", cwd, DATABASE_URL=database_url, COLUMNS="200", **env)
    return Done(done.returncode, done.stdout.decode(), done.stderr.decode())
