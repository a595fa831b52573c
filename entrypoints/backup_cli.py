"""`gptbot backup PATH`: a checked copy of the embedded SQLite store, taken while the bot runs (ADR 37)."""

import sys
from pathlib import Path

import typer

PATH_ARGUMENT = typer.Argument(..., help="Where the copy goes; replaced whole, never in part.")


def backup(path: Path = PATH_ARGUMENT) -> None:
    """Copy the SQLite store (events, views, update guard) to PATH and check the copy; on PostgreSQL print
    the pg_dump to run instead and exit 2. The spend journal folder is not copied."""
    from adapters.sql.backup import backup_sqlite, pg_dump_command
    from adapters.sql.database_url import parsed, sqlite_path
    from entrypoints.container import spend_journal_folder
    from entrypoints.settings import load_settings

    settings = load_settings()
    source = sqlite_path(settings.database_url)
    if source is None:
        parsed(settings.database_url)  # an unparseable URL ends as one line of its own
        command = pg_dump_command(settings.database_url, path)
        print(f"gptbot: the store is on PostgreSQL, which pg_dump copies: {command}", file=sys.stderr)
        raise typer.Exit(2)
    size = backup_sqlite(source, path)
    print(f"backed up {source} to {path} ({size} bytes, integrity check ok)")
    print(f"not in the copy: the spend journal in {spend_journal_folder(settings)} (back it up beside it)")
