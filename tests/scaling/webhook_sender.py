"""Delivers updates to a webhook as Telegram does: a few at a time, each POSTed with the secret token
until it is answered 2xx; any other answer, or none, means the update is delivered again."""

import asyncio
from collections import Counter
from typing import Any

import aiohttp

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CONNECTIONS = 40  # Telegram's default max_connections for a webhook
MAX_ATTEMPTS = 400
BACKOFF_SECONDS = 0.05


class WebhookSender:
    def __init__(self, url: str, secret: str) -> None:
        self.url, self.secret = url, secret
        self.answers: Counter[int | str] = Counter()
        self.taken: list[int] = []  # update ids, in the order they were answered 2xx
        self._slots = asyncio.Semaphore(CONNECTIONS)

    async def deliver_all(self, updates: list[dict[str, Any]]) -> None:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
            await asyncio.gather(*(self._deliver(session, update) for update in updates))

    async def _deliver(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        for attempt in range(MAX_ATTEMPTS):
            async with self._slots:
                status = await self._post(session, update)
            self.answers[status] += 1
            if isinstance(status, int) and 200 <= status < 300:
                self.taken.append(update["update_id"])
                return
            await asyncio.sleep(BACKOFF_SECONDS * min(attempt + 1, 10))
        raise AssertionError(f"update {update['update_id']} was never taken: {dict(self.answers)}")

    async def _post(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> int | str:
        try:
            async with session.post(self.url, json=update, headers={SECRET_HEADER: self.secret}) as answer:
                await answer.read()
                return answer.status
        except (aiohttp.ClientError, TimeoutError) as error:
            return type(error).__name__
