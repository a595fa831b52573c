"""`gptbot --help` and the operator's commands start without importing what only the bot's work needs."""

import subprocess

import pytest
from typer.core import TyperGroup
from typer.main import get_command

from entrypoints.cli import app
from tests.entrypoints.cli_runner import GPTBOT, REPO, clean_env
from tests.startup.loaded import packages_after

HEAVY = ("aiogram", "openai", "sqlalchemy", "alembic", "eventsourcing", "pydantic", "rich")
"""Each takes tens of milliseconds to seconds to import; a command imports those it uses."""


@pytest.fixture(scope="module")
def cli_modules() -> set[str]:
    return packages_after("import entrypoints.cli")


@pytest.mark.parametrize("package", HEAVY)
def test_importing_the_cli_imports_no_heavy_library(cli_modules: set[str], package: str) -> None:
    assert "typer" in cli_modules
    assert package not in cli_modules


def groups(command: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], list[str]]]:
    if not isinstance(command, TyperGroup):
        return []
    found = [(path, sorted(command.commands))]
    for name, sub in command.commands.items():
        found += groups(sub, (*path, name))
    return found


@pytest.mark.parametrize(("path", "names"), groups(get_command(app)), ids=lambda v: " ".join(v))
def test_help_lists_every_command(path: tuple[str, ...], names: list[str]) -> None:
    done = subprocess.run(
        [str(GPTBOT), *path, "--help"], cwd=REPO, env=clean_env(), capture_output=True, check=True, timeout=60
    )
    listed = done.stdout.decode()
    assert names
    for name in names:
        assert f" {name} " in listed
