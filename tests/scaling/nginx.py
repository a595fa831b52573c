"""Debian's nginx in front of workers on 127.0.0.1, running the shipped deploy/nginx/gptbot.conf with only
its addresses changed: the upstream servers become local ports and it listens on a free local port."""

import asyncio
import os
import re
import shutil
import signal
from asyncio.subprocess import DEVNULL, Process
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "gptbot.conf"
WORKER_NAMES = ("bot", "bot-2")
START_GUARD_SECONDS = 30.0

MAIN = """daemon off;
worker_processes 1;
{user}pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/gptbot.conf;
}}
"""


def site_for(worker_ports: tuple[int, int], listen: int) -> str:
    """The shipped site with the Compose service names replaced by local ports; a shipped file that no
    longer names them is an error, not a site quietly tested without them."""
    site = SHIPPED.read_text()
    for name, port in zip(WORKER_NAMES, worker_ports, strict=True):
        site, found = re.subn(rf"\bserver {re.escape(name)}:8080\b", f"server 127.0.0.1:{port}", site)
        assert found == 1, f"{SHIPPED} has no upstream server {name}:8080"
    site, found = re.subn(r"\blisten \d+;", f"listen 127.0.0.1:{listen};", site)
    assert found == 1, f"{SHIPPED} has no single listen directive"
    return site


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).is_file()), None)
    if found is None:
        pytest.fail("nginx is not installed; install it with scripts/ensure-test-services.sh", pytrace=False)
    return found


def write_config(root: Path, worker_ports: tuple[int, int], listen: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "gptbot.conf").write_text(site_for(worker_ports, listen))
    user = "user root;\n" if os.geteuid() == 0 else ""  # its workers must read the files made here
    (root / "nginx.conf").write_text(MAIN.format(root=root, user=user))
    return root / "nginx.conf"


@asynccontextmanager
async def running_nginx(root: Path, worker_ports: tuple[int, int], listen: int) -> AsyncIterator[Process]:
    config = write_config(root, worker_ports, listen)
    command = [nginx_binary(), "-c", str(config), "-p", str(root), "-e", str(root / "error.log")]
    process = await asyncio.create_subprocess_exec(*command, stdout=DEVNULL, stderr=DEVNULL)
    try:
        await asyncio.wait_for(_accepting(listen, process, root), START_GUARD_SECONDS)
        yield process
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        await asyncio.wait_for(process.wait(), START_GUARD_SECONDS)


async def _accepting(port: int, process: Process, root: Path) -> None:
    while True:
        if process.returncode is not None:
            raise AssertionError(f"nginx ended at start:\n{(root / 'error.log').read_text(errors='replace')}")
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.close()
        await writer.wait_closed()
        return
