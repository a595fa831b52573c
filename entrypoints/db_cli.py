"""`gptbot db upgrade`: the database brought to the release's schema; and the check `gptbot run` makes
instead when DB_UPGRADE_ON_START=false (ADR 37)."""

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from entrypoints.settings import Settings

db_app = typer.Typer(help="The database's schema.", no_args_is_help=True)


@db_app.command()
def upgrade() -> None:
    """Run the event store's migrations (its table, an earlier release's events copied into it) and the
    views' still to run; print what was done. A no-op on a current database."""
    from adapters.sql.schema import upgrade_schema
    from entrypoints.settings import load_settings

    for line in upgrade_schema(load_settings().database_url):
        print(line)


def require_current_schema(settings: "Settings") -> None:
    """Stop the start, in one line, when the database is not at the release's schema."""
    from adapters.sql.schema import schema_state
    from entrypoints.settings import StartupFailure

    state = schema_state(settings.database_url)
    if not state.current:
        raise StartupFailure(
            f"the database is not at this release's schema ({state.behind()}): run `gptbot db upgrade`"
        )
