"""`gptbot project`: the projection worker on its own, for scale-out."""

import asyncio
import contextlib
import sys
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from entrypoints.projection_worker import ProjectionWorker


def project(
    once: bool = typer.Option(False, "--once", help="Catch up with the event log, then exit."),
) -> None:
    """Keep the analytics views up to date with the event store (the projection worker)."""
    from entrypoints.bootstrap import start

    container = start()
    worker: ProjectionWorker = container.projection_worker()
    if once:
        projected = worker.run_once()
        status = worker.status
        typer.echo(f"projected {projected} events; the views are at {status.position} of {status.head}")
        return
    print(
        f"projecting new events as they are written (read every {worker.poll_seconds:g} s where the "
        "store does not announce them); Ctrl-C stops",
        file=sys.stderr,
        flush=True,
    )
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(worker.run())
