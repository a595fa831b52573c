"""The health and metrics server beside the bot when HEALTH_PORT is set (ADR 0036)."""

import asyncio

from adapters.metrics.health_server import HealthServer
from adapters.metrics.readiness import Readiness
from application.admin.status import StoreProbe
from entrypoints.container import Container, redis_probe
from entrypoints.settings import Settings, StartupFailure


async def start_health(container: Container, stopping: asyncio.Event) -> HealthServer | None:
    """Listening on HEALTH_HOST:HEALTH_PORT; None when HEALTH_PORT is not set. /readyz answers 503 once
    `stopping` is set."""
    settings: Settings = container.settings()
    if settings.health_port is None:
        return None
    readiness = Readiness(
        StoreProbe(container.store()),
        container.event_log(),
        container.views(),
        settings.ready_max_projection_lag,
        stopping,
        redis_probe(container.redis()),
    )
    server = HealthServer(readiness, container.metrics(), container.spend_journal())
    try:
        await server.start(settings.health_host, settings.health_port)
    except OSError as error:
        where = f"{settings.health_host}:{settings.health_port}"
        raise StartupFailure(
            f"cannot serve health and metrics on {where}: {error.strerror or error}"
        ) from None
    return server
