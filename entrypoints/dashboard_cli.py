"""`gptbot dashboard`: the operator's web dashboard, and the same server beside `gptbot run`."""

import threading
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import uvicorn

    from entrypoints.settings import Settings


def dashboard(
    host: str = typer.Option(None, help="Address to listen on (DASHBOARD_HOST; 127.0.0.1 by default)."),
    port: int = typer.Option(None, min=1, max=65535, help="Port (DASHBOARD_PORT; 8081 by default)."),
) -> None:
    """Serve the read-only web dashboard over the analytics views; prints a sign-in link, as Jupyter does."""
    from entrypoints.settings import DEFAULT_DASHBOARD_PORT, load_settings

    settings = load_settings()
    overrides = {
        "dashboard_host": host or settings.dashboard_host,
        "dashboard_port": port or settings.dashboard_port or DEFAULT_DASHBOARD_PORT,
    }
    settings = settings.model_copy(update=overrides)
    server = dashboard_server(settings)
    from entrypoints.garbage_collection import tune_garbage_collection

    # As the bot does (ADR 17): a CSV of every user makes some 200,000 objects, and the default
    # collector's passes over them and the imported modules took a third of its time.
    tune_garbage_collection()
    server.run()


def dashboard_server(settings: "Settings", announce: bool = True) -> "uvicorn.Server":
    """The dashboard's server, with its own container: own connections, nothing shared with a bot."""
    import uvicorn

    from entrypoints.bootstrap import start
    from entrypoints.dashboard_wiring import dashboard_app, login_link
    from entrypoints.settings import DEFAULT_DASHBOARD_PORT

    container = start(settings)
    container.store()  # a bad DATABASE_URL is reported now, as the event store's problem
    app = dashboard_app(container)
    port = settings.dashboard_port or DEFAULT_DASHBOARD_PORT
    if announce:
        typer.echo(f"Dashboard on http://{settings.dashboard_host}:{port}")
        typer.echo(f"Sign in (once, within 10 minutes): {login_link(container)}")
        typer.echo("Admins get a new link from the bot with /dashboard.")
    # No access log: a sign-in link's token is in its address.
    config = uvicorn.Config(
        app, host=settings.dashboard_host, port=port, log_config=None, access_log=False, lifespan="off"
    )
    return uvicorn.Server(config)


class DashboardBeside:
    """The dashboard in a thread of its own beside the bot (DASHBOARD_PORT set): its event loop and
    connections are its own, so a slow page never holds up a reply."""

    def __init__(self, settings: "Settings") -> None:
        self.server = dashboard_server(settings, announce=False)
        self.thread = threading.Thread(target=self.server.run, name="dashboard", daemon=True)

    def start(self) -> "DashboardBeside":
        self.thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self.server.should_exit = True  # uvicorn's documented way to stop a server it runs
        self.thread.join(timeout)


def dashboard_beside(settings: "Settings") -> DashboardBeside | None:
    return DashboardBeside(settings).start() if settings.dashboard_port is not None else None
