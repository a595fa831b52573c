"""/healthz, /readyz and /metrics on HEALTH_HOST:HEALTH_PORT, on a server of their own beside the bot."""

import asyncio
import logging

from aiohttp import web

from adapters.metrics.prometheus import PrometheusMetrics
from adapters.metrics.readiness import Readiness
from application.ports import SpendJournal

log = logging.getLogger(__name__)


class HealthServer:
    def __init__(self, readiness: Readiness, metrics: PrometheusMetrics, journal: SpendJournal) -> None:
        self.readiness, self.metrics, self.journal = readiness, metrics, journal
        self.app = web.Application()
        self.app.router.add_get("/healthz", self.healthz)
        self.app.router.add_get("/readyz", self.readyz)
        self.app.router.add_get("/metrics", self.metrics_page)
        self.runner = web.AppRunner(self.app, access_log=None)

    async def start(self, host: str, port: int) -> None:
        await self.runner.setup()
        try:
            await web.TCPSite(self.runner, host, port).start()
        except OSError:
            await self.runner.cleanup()
            raise
        log.info("health and metrics server listening on %s:%s", host, port)

    async def aclose(self) -> None:
        await self.runner.cleanup()

    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    async def readyz(self, request: web.Request) -> web.Response:
        verdict = await self.readiness.verdict()
        body = {"ready": verdict.ready, "parts": verdict.parts}
        return web.json_response(body, status=200 if verdict.ready else 503)

    async def metrics_page(self, request: web.Request) -> web.Response:
        waiting = await self._waiting()
        self.metrics.gauges(await self.readiness.lag(), waiting)
        body = await asyncio.to_thread(self.metrics.exposition)
        return web.Response(body=body, headers={"Content-Type": self.metrics.content_type})

    async def _waiting(self) -> int | None:
        try:
            return await asyncio.to_thread(self.journal.waiting)
        except OSError:
            return None
