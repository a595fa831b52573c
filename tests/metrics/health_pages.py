"""The bot's health server, asked as a load balancer or a scraper would."""

import asyncio
from typing import Any

import aiohttp

WAIT_GUARD_SECONDS = 30.0


async def get(port: int, path: str) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.json()


async def get_text(port: int, path: str) -> str:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        assert response.status == 200
        return await response.text()


async def answered(port: int, path: str, status: int) -> dict[str, Any]:
    """Asks until `path` answers `status` (a probe runs on its own schedule); fails with the last answer."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_GUARD_SECONDS
    got, body = await get(port, path)
    while got != status:
        if loop.time() > deadline:
            raise AssertionError(f"{path} still answers {got}: {body}")
        await asyncio.sleep(0.1)
        got, body = await get(port, path)
    return body
