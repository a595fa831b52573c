"""A real Prometheus server of the test's own, scraping the targets it is given every second."""

import asyncio
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from tests.support.redis_server import free_port

START_GUARD_SECONDS = 30.0
SCRAPE_GUARD_SECONDS = 60.0

CONFIG = """
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: gptbot
    static_configs:
      - targets: ["{target}"]
"""


@dataclass
class Prometheus:
    url: str
    process: "subprocess.Popen[bytes]"
    log: Path

    async def query(self, expression: str) -> float | None:
        """The instant value of a PromQL expression of one series; None while it has no sample."""
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"{self.url}/api/v1/query", params={"query": expression}) as response,
        ):
            body = await response.json()
        assert body["status"] == "success", body
        results = body["data"]["result"]
        return float(results[0]["value"][1]) if results else None

    async def wait_for(self, expression: str, expected: Callable[[float | None], bool]) -> float | None:
        """Polls until the scraped value of `expression` is as expected; fails with the last value seen."""
        deadline = time.monotonic() + SCRAPE_GUARD_SECONDS
        value = await self.query(expression)
        while not expected(value):
            if time.monotonic() > deadline:
                raise AssertionError(f"{expression} stayed at {value}; prometheus log:\n{self.tail()}")
            await asyncio.sleep(0.2)
            value = await self.query(expression)
        return value

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-15:])


StartPrometheus = Callable[[str], Prometheus]


@pytest.fixture
def prometheus(tmp_path: Path) -> Iterator[StartPrometheus]:
    """Starts Prometheus scraping `host:port`; fails (never skips) when the binary is missing."""
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.fail(
            "the prometheus binary is not installed: run scripts/ensure-test-services.sh", pytrace=False
        )
    started: list[Prometheus] = []

    def start(target: str) -> Prometheus:
        config = tmp_path / "prometheus.yml"
        config.write_text(CONFIG.format(target=target))
        port = free_port()
        log = tmp_path / "prometheus.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [
                    binary,
                    f"--config.file={config}",
                    f"--web.listen-address=127.0.0.1:{port}",
                    f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        server = Prometheus(f"http://127.0.0.1:{port}", process, log)
        started.append(server)
        wait_ready(server)
        return server

    yield start
    for server in started:
        server.process.terminate()
        try:
            server.process.wait(START_GUARD_SECONDS)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def wait_ready(server: Prometheus) -> None:
    deadline = time.monotonic() + START_GUARD_SECONDS
    while True:
        if server.process.poll() is not None:
            pytest.fail(
                f"prometheus exited with {server.process.returncode}:\n{server.tail()}", pytrace=False
            )
        try:
            with urllib.request.urlopen(f"{server.url}/-/ready", timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"prometheus did not become ready:\n{server.tail()}", pytrace=False)
        time.sleep(0.1)
